from django.urls import path

from .views import dossier, listing, stats

app_name = "tracking_staff"

urlpatterns = [
    path("", listing.application_list, name="list"),
    path("export.<str:fmt>", listing.application_export, name="export"),
    path("tableau/", listing.board, name="board"),
    path("statistiques/", stats.statistics, name="stats"),
    path("statistiques/export.xlsx", stats.statistics_export, name="stats_export"),
    path("dossiers/<id:pk>/", dossier.application_detail, name="detail"),
    path("dossiers/<id:pk>/pdf/", dossier.application_pdf, name="pdf"),
    path("dossiers/<id:pk>/etape/", dossier.application_move, name="move"),
    path("dossiers/<id:pk>/issue/", dossier.application_outcome, name="outcome"),
    path("dossiers/<id:pk>/commentaires/", dossier.application_comment, name="comment"),
    path(
        "dossiers/<id:pk>/demandes-de-pieces/",
        dossier.application_request_document,
        name="request_document",
    ),
    path("dossiers/<id:pk>/suivi/", dossier.application_staff, name="staff_in_charge"),
    path("dossiers/<id:pk>/instructeurs/", dossier.application_reviewers, name="reviewers"),
    path("dossiers/<id:pk>/avis/<id:review_pk>/", dossier.review_edit, name="review"),
    path("dossiers/<id:pk>/reunions/", dossier.meeting_save, name="meeting_add"),
    path("dossiers/<id:pk>/reunions/<id:meeting_pk>/", dossier.meeting_edit, name="meeting"),
    path(
        "dossiers/<id:pk>/reunions/<id:meeting_pk>/invitations/",
        dossier.meeting_invite,
        name="meeting_invite",
    ),
    path(
        "dossiers/<id:pk>/reunions/<id:meeting_pk>/invitation.ics",
        dossier.meeting_ics,
        name="meeting_ics",
    ),
    path("dossiers/<id:pk>/decision/", dossier.application_decision, name="decision"),
    path("dossiers/<id:pk>/pieces/<str:token>/", dossier.document_download, name="document"),
]
