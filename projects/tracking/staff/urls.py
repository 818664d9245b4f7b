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
    path("dossiers/<id:pk>/etape/", dossier.action_view("move"), name="move"),
    path("dossiers/<id:pk>/issue/", dossier.action_view("outcome"), name="outcome"),
    path("dossiers/<id:pk>/commentaires/", dossier.action_view("comment"), name="comment"),
    path(
        "dossiers/<id:pk>/demandes-de-pieces/",
        dossier.action_view("request_document"),
        name="request_document",
    ),
    path("dossiers/<id:pk>/suivi/", dossier.action_view("staff_in_charge"), name="staff_in_charge"),
    path("dossiers/<id:pk>/instructeurs/", dossier.action_view("reviewers"), name="reviewers"),
    path("dossiers/<id:pk>/avis/<id:review_pk>/", dossier.action_view("review"), name="review"),
    path("dossiers/<id:pk>/reunions/", dossier.action_view("meeting_add"), name="meeting_add"),
    path("dossiers/<id:pk>/reunions/<id:meeting_pk>/", dossier.meeting_edit, name="meeting"),
    path(
        "dossiers/<id:pk>/reunions/<id:meeting_pk>/invitations/",
        dossier.action_view("meeting_invite"),
        name="meeting_invite",
    ),
    path(
        "dossiers/<id:pk>/reunions/<id:meeting_pk>/invitation.ics",
        dossier.meeting_ics,
        name="meeting_ics",
    ),
    path("dossiers/<id:pk>/decision/", dossier.action_view("decision"), name="decision"),
    path(
        "dossiers/<id:pk>/decision/correction/",
        dossier.action_view("decision_correct"),
        name="decision_correct",
    ),
    path(
        "dossiers/<id:pk>/decision/annulation/",
        dossier.action_view("decision_annul"),
        name="decision_annul",
    ),
    path("dossiers/<id:pk>/etape/retour/", dossier.action_view("revert"), name="revert"),
    path("dossiers/<id:pk>/pieces/<str:token>/", dossier.document_download, name="document"),
]
