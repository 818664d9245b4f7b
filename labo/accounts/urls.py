from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("profil/", views.profile_edit, name="profile_edit"),
    path("mes-donnees/", views.data_export, name="data_export"),
    path("mes-donnees/archive/", views.data_archive, name="data_archive"),
    path(
        "mes-donnees/archive/<uuid:token>/",
        views.data_archive_download,
        name="data_archive_download",
    ),
    path("supprimer-mon-compte/", views.account_delete, name="account_delete"),
    path("acces-administration/", views.admin_access, name="admin_access"),
    path("structures/nouvelle/", views.organisation_create, name="organisation_create"),
    path("structures/<id:pk>/", views.organisation_detail, name="organisation_detail"),
    path("structures/<id:pk>/modifier/", views.organisation_edit, name="organisation_edit"),
    path(
        "structures/<id:pk>/membres/ajouter/",
        views.organisation_add_member,
        name="organisation_add_member",
    ),
    path(
        "structures/<id:pk>/membres/<id:membership_pk>/retirer/",
        views.organisation_remove_member,
        name="organisation_remove_member",
    ),
    path(
        "structures/<id:pk>/membres/<id:membership_pk>/role/",
        views.organisation_change_role,
        name="organisation_change_role",
    ),
    path(
        "structures/<id:pk>/invitations/<id:invitation_pk>/annuler/",
        views.organisation_invitation_cancel,
        name="organisation_invitation_cancel",
    ),
    path(
        "structures/invitations/<uuid:token>/",
        views.organisation_invitation,
        name="organisation_invitation",
    ),
    path("structures/<id:pk>/quitter/", views.organisation_leave, name="organisation_leave"),
]
