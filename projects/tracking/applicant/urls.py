"""/candidatures/: the applicant's dossiers. ``document`` is also linked from the staff
pages (every private file goes through it)."""

from django.urls import path

from . import views

app_name = "tracking_applicant"

urlpatterns = [
    path("", views.my_applications, name="list"),
    path("hors-delai/", views.late_drafts, name="late_drafts"),
    path("appel/<int:call_pk>/candidater/", views.start, name="start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/etape/<slug:slug>/", views.step, name="step"),
    path("<int:pk>/deposer/", views.submit, name="submit"),
    path("<int:pk>/accepter-hors-delai/", views.accept_late, name="accept_late"),
    path("<int:pk>/retirer/", views.withdraw, name="withdraw"),
    path("<int:pk>/pieces/<str:token>/retirer/", views.delete_document, name="document_delete"),
    path("<int:pk>/demandes/<int:request_pk>/", views.request_upload, name="request_upload"),
    path("piece/<str:token>/", views.download, name="document"),
]
