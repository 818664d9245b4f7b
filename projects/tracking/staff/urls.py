from django.urls import path

from .views import dossier, listing, stats

app_name = "tracking_staff"

urlpatterns = [
    path("", listing.application_list, name="list"),
    path("export.<str:fmt>", listing.application_export, name="export"),
    path("tableau/", listing.board, name="board"),
    path("statistiques/", stats.statistics, name="stats"),
    path("statistiques/export.xlsx", stats.statistics_export, name="stats_export"),
    path("dossiers/<int:pk>/", dossier.application_detail, name="detail"),
    path("dossiers/<int:pk>/pdf/", dossier.application_pdf, name="pdf"),
    path("dossiers/<int:pk>/etape/", dossier.application_move, name="move"),
    path("dossiers/<int:pk>/issue/", dossier.application_outcome, name="outcome"),
    path("dossiers/<int:pk>/commentaires/", dossier.application_comment, name="comment"),
    path(
        "dossiers/<int:pk>/demandes-de-pieces/",
        dossier.application_request_document,
        name="request_document",
    ),
    path("dossiers/<int:pk>/suivi/", dossier.application_staff, name="staff_in_charge"),
    path("dossiers/<int:pk>/instructeurs/", dossier.application_reviewers, name="reviewers"),
    path("dossiers/<int:pk>/avis/<int:review_pk>/", dossier.review_edit, name="review"),
    path("dossiers/<int:pk>/reunions/", dossier.meeting_save, name="meeting_add"),
    path("dossiers/<int:pk>/reunions/<int:meeting_pk>/", dossier.meeting_edit, name="meeting"),
    path(
        "dossiers/<int:pk>/reunions/<int:meeting_pk>/invitations/",
        dossier.meeting_invite,
        name="meeting_invite",
    ),
    path(
        "dossiers/<int:pk>/reunions/<int:meeting_pk>/invitation.ics",
        dossier.meeting_ics,
        name="meeting_ics",
    ),
    path("dossiers/<int:pk>/decision/", dossier.application_decision, name="decision"),
    path("dossiers/<int:pk>/pieces/<str:token>/", dossier.document_download, name="document"),
]
