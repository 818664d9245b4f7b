from django.urls import path

from . import views

app_name = "loan_guarantees"

urlpatterns = [
    path("dossiers/<id:pk>/prets/", views.loans_edit, name="loans"),
    path("dossiers/<id:pk>/prets/ligne/", views.loan_row, name="loan_row"),
    path("dossiers/<id:pk>/prets/apercu/", views.loan_preview, name="loan_preview"),
    path(
        "dossiers/<id:pk>/prets/<id:loan_pk>/echeancier.xlsx",
        views.schedule_xlsx,
        name="schedule_xlsx",
    ),
    path("instruction/<id:pk>/", views.instruction_detail, name="instruction"),
    path("instruction/<id:pk>/exemption/", views.set_exemption, name="exemption"),
    path("instruction/<id:pk>/quotites/", views.set_quotites, name="quotites"),
    path("instruction/<id:pk>/figer/", views.freeze, name="freeze"),
    path("instruction/<id:pk>/encours/", views.record_follow_up, name="follow_up"),
    path("instruction/<id:pk>/mise-en-jeu/", views.record_claim, name="guarantee_claim"),
    path("region/", views.region_figures, name="region"),
    path("exposition/", views.exposure_dashboard, name="exposure"),
    path("exposition/export.xlsx", views.exposure_xlsx, name="exposure_xlsx"),
]
