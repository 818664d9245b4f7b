"""The steps of the application form as one object each (``applicant.steps``): their order,
which steps a call has, what each step still lacks, and that each names a template."""

from decimal import Decimal

import pytest
from django.template.loader import get_template

from projects.tracking.applicant import steps
from projects.tracking.models import BudgetLine

from ..factories import draft_application, open_guarantee_call, open_viure_call
from .helpers import complete

pytestmark = pytest.mark.django_db

ORDER = ["structure", "operation", "budget", "criteres", "pieces", "depot"]

EMPTY_VIURE = {
    "structure": [
        "La structure candidate n'est pas indiquée.",
        "Le département de l'opération n'est pas indiqué.",
    ],
    "operation": [
        "L'intitulé de l'opération est manquant.",
        "Le résumé de l'opération est manquant.",
        "La description de l'opération est manquante.",
        "Le montant sollicité n'est pas indiqué.",
    ],
    "budget": [
        "Le budget ne comporte aucune dépense.",
        "Le plan de financement ne comporte aucune ressource.",
    ],
    "criteres": [
        f"Le critère « {name} » n'a pas de réponse."
        for name in ("Vivant", "Inclusif", "Utopique", "Résilient", "Esthétique")
    ],
    "pieces": [
        "Pièce obligatoire manquante : Statuts de la structure candidate.",
        "Pièce obligatoire manquante : Note de présentation du projet.",
        "Pièce obligatoire manquante : Plan de financement détaillé.",
    ],
    "depot": [],
}


def empty(call=None):
    """A draft with nothing filled in."""
    application = draft_application(
        call,
        departement="",
        operation_title="",
        operation_summary="",
        operation_description="",
        amount_requested=None,
    )
    application.organisation = None
    application.save()
    return application


def test_the_steps_are_registered_in_the_form_order():
    assert [step.slug for step in steps.STEPS] == ORDER
    assert list(steps.BY_SLUG) == ORDER
    assert all(str(step.title) for step in steps.STEPS)
    assert [step.slug for step in steps.STEPS if step.takes_files] == ["pieces"]
    assert [step.slug for step in steps.STEPS if step.is_summary] == ["depot"]


@pytest.mark.parametrize("step", steps.STEPS, ids=lambda step: step.slug)
def test_every_step_names_a_template_that_exists(step):
    assert get_template(step.template)


def test_a_viure_call_has_every_step_and_a_guarantee_call_no_criteria():
    viure, guarantee = open_viure_call(), open_guarantee_call()
    assert [step.slug for step in steps.steps_for(viure)] == ORDER
    assert [step.slug for step in steps.steps_for(guarantee)] == [
        "structure",
        "operation",
        "budget",
        "pieces",
        "depot",
    ]
    assert steps.find(guarantee, "criteres") is None
    assert steps.find(viure, "criteres") is steps.BY_SLUG["criteres"]
    assert steps.find(viure, "inconnue") is None
    assert steps.step_after(viure, "budget").slug == "criteres"
    assert steps.step_after(guarantee, "budget").slug == "pieces"
    assert steps.step_after(viure, "depot") is None


def test_a_call_without_criteria_has_no_criteria_step():
    call = open_viure_call()
    call.criteria.all().delete()
    assert "criteres" not in [step.slug for step in steps.steps_for(call)]


@pytest.mark.parametrize("slug", ORDER)
def test_each_step_says_what_an_empty_dossier_lacks(slug):
    application = empty()
    assert steps.BY_SLUG[slug].missing(application) == EMPTY_VIURE[slug]


@pytest.mark.parametrize("slug", ORDER)
def test_a_complete_dossier_lacks_nothing_at_any_step(slug):
    application = complete(draft_application())
    assert steps.BY_SLUG[slug].missing(application) == []


def test_a_guarantee_dossier_asks_for_no_criterion_and_its_own_documents():
    application = empty(open_guarantee_call())
    assert steps.BY_SLUG["criteres"].missing(application) == []
    assert steps.BY_SLUG["pieces"].missing(application)[0] == (
        "Pièce obligatoire manquante : Lettre de demande de garantie."
    )
    assert complete(application) and steps.BY_SLUG["pieces"].missing(application) == []


def test_the_budget_step_checks_the_balance_and_the_signs():
    application = draft_application()
    BudgetLine.objects.create(application=application, side="depense", label="A", amount=100)
    BudgetLine.objects.create(application=application, side="ressource", label="B", amount=60)
    BudgetLine.objects.create(
        application=application, side="ressource", label="C", amount=Decimal("-0.50")
    )
    missing = steps.BY_SLUG["budget"].missing(application)
    assert missing[0] == "Le budget contient un montant négatif."
    assert missing[1].startswith("Le budget n'est pas équilibré : 100,00")
    assert "59,50" in missing[1]
    assert len(missing) == 2


def test_missing_items_lists_the_steps_to_correct_then_each_step_in_order():
    application = empty()
    application.pending_input = {"budget": {}, "operation": {}, "ailleurs": {}}
    assert steps.missing_items(application) == [
        "L'étape « Budget et financement » contient des erreurs à corriger.",
        "L'étape « L'opération » contient des erreurs à corriger.",
        *(message for slug in ORDER for message in EMPTY_VIURE[slug]),
    ]


@pytest.mark.parametrize("slug", ["structure", "operation", "criteres"])
def test_the_fingerprint_of_a_step_covers_fields_of_its_form(slug):
    """The lost-update protection compares ``values()`` with the posted fields by name."""
    application = draft_application()
    step = steps.BY_SLUG[slug]
    form = step.build_form(application, application.created_by)
    values = step.values(application)
    assert values and set(values) <= set(form.fields)
