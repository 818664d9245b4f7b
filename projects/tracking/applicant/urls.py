"""/candidatures/: the applicant's dossiers. ``document`` is also linked from the staff
pages (every private file goes through it), and so are ``receipt`` and ``decision_pdf``."""

from django.urls import path

from . import views

app_name = "tracking_applicant"

urlpatterns = [
    path("", views.my_applications, name="list"),
    path("hors-delai/", views.late_drafts, name="late_drafts"),
    path("appel/<id:call_pk>/candidater/", views.start, name="start"),
    path("<id:pk>/", views.detail, name="detail"),
    path("<id:pk>/etape/<slug:slug>/", views.step, name="step"),
    path("<id:pk>/deposer/", views.submit, name="submit"),
    path("<id:pk>/accepter-hors-delai/", views.accept_late, name="accept_late"),
    path("<id:pk>/retirer/", views.withdraw, name="withdraw"),
    path("<id:pk>/attestation-de-depot.pdf", views.receipt, name="receipt"),
    path("<id:pk>/notification-de-decision.pdf", views.decision_pdf, name="decision_pdf"),
    path("<id:pk>/pieces/<str:token>/retirer/", views.delete_document, name="document_delete"),
    path("<id:pk>/demandes/<id:request_pk>/", views.request_upload, name="request_upload"),
    path("piece/<str:token>/", views.download, name="document"),
]
