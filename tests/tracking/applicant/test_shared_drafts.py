"""Two members of a team on the same draft (#15, finding 6): a save writes only the fields
its author changed, and two changes to the same field never silently overwrite each other:
the second writer sees the saved version at the field and keeps what they typed."""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from projects.tracking.applicant import services
from projects.tracking.models import Application, BudgetLine, CriterionAnswer
from tests.factories import UserFactory

from ..factories import draft_application, project_with_team

pytestmark = pytest.mark.django_db

VERSION = re.compile(r'name="_version" value="([^"]*)"')


@pytest.fixture
def team():
    """A draft and two clients, one per member of its team."""
    first, second = UserFactory(), UserFactory()
    application = draft_application(project=project_with_team(first, second))
    clients = []
    for member in (first, second):
        client = Client()
        client.force_login(member)
        clients.append(client)
    return application, clients


def url(application, slug):
    return reverse("tracking_applicant:step", args=[application.pk, slug])


def page_version(client, application, slug):
    """What the member's page carries, as a browser would send it back."""
    return html.unescape(VERSION.search(client.get(url(application, slug)).content.decode())[1])


def post(client, application, slug, data, version=None):
    """A save of ``slug`` from a page that carried ``version`` (none: a page from before)."""
    return client.post(
        url(application, slug), {**data, **({"_version": version} if version else {})}
    )


def operation(application, **changes):
    data = {
        name: getattr(application, name) or ""
        for name in ("operation_title", "operation_summary", "operation_description")
    }
    data["amount_requested"] = "50 000"
    return {**data, **changes, "action": "save"}


def test_each_member_keeps_the_fields_they_changed(team):
    application, (alice, bruno) = team
    seen_by_alice = page_version(alice, application, "operation")
    seen_by_bruno = page_version(bruno, application, "operation")
    post(alice, application, "operation", operation(application, operation_title="Titre d'A."),
         seen_by_alice)  # fmt: skip
    summary = operation(application, operation_summary="Résumé de Bruno")
    response = post(bruno, application, "operation", summary, seen_by_bruno)
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.operation_title == "Titre d'A."
    assert application.operation_summary == "Résumé de Bruno"


def test_two_changes_to_one_field_lose_nothing(team):
    application, (alice, bruno) = team
    seen_by_bruno = page_version(bruno, application, "operation")
    post(alice, application, "operation", operation(application, operation_title="Les Tilleuls"))
    response = post(bruno, application, "operation",
                    operation(application, operation_title="Le Hameau"), seen_by_bruno)  # fmt: skip
    assert response.status_code == 200
    errors = response.context["form"].errors["operation_title"]
    assert "Une autre personne de l'équipe a modifié ce champ" in errors[0]
    assert "« Les Tilleuls »" in errors[0]
    assert 'value="Le Hameau"' in response.content.decode()  # what Bruno typed, kept
    application.refresh_from_db()
    assert application.operation_title == "Les Tilleuls"
    assert application.pending_input["operation"]["operation_title"] == ["Le Hameau"]
    # Having seen both, Bruno saves again from this page: his version is now chosen.
    again = html.unescape(VERSION.search(response.content.decode())[1])
    response = post(bruno, application, "operation",
                    operation(application, operation_title="Le Hameau"), again)  # fmt: skip
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.operation_title == "Le Hameau"


def test_a_save_of_one_step_leaves_the_others_as_saved_meanwhile(team):
    application, (alice, _bruno) = team
    stale = Application.objects.get(pk=application.pk)
    alice.post(url(application, "structure"),
               {"organisation": application.organisation_id, "departement": "46",
                "dwellings": "9", "action": "save"})  # fmt: skip
    services.save_step(stale, "operation", stale.project.team.members.last(),
                       operation(stale, operation_title="Autre titre"))  # fmt: skip
    application.refresh_from_db()
    assert (application.departement, application.dwellings) == ("46", 9)
    assert application.operation_title == "Autre titre"


def test_criteria_answers_are_compared_one_by_one(team):
    application, (alice, bruno) = team
    criterion = application.call.criteria.first()
    name = f"critere_{criterion.pk}"
    seen_by_bruno = page_version(bruno, application, "criteres")
    post(alice, application, "criteres", {name: "Réponse d'Alice", "action": "save"})
    response = post(bruno, application, "criteres", {name: "Réponse de Bruno", "action": "save"},
                    seen_by_bruno)  # fmt: skip
    assert "« Réponse d'Alice »" in response.context["form"].errors[name][0]
    assert CriterionAnswer.objects.get(application=application, criterion=criterion).text == (
        "Réponse d'Alice"
    )


def budget(label, amount):
    return {
        "depense-label": [label],
        "depense-amount": [amount],
        "ressource-label": ["Apport"],
        "ressource-amount": [amount],
        "action": "save",
    }


def test_two_budgets_saved_at_once_are_both_shown(team):
    application, (alice, bruno) = team
    seen_by_bruno = page_version(bruno, application, "budget")
    post(alice, application, "budget", budget("Terrain", "100 000"))
    response = post(bruno, application, "budget", budget("Travaux", "250 000"), seen_by_bruno)
    page = response.content.decode()
    assert "a modifié le budget pendant que vous écriviez" in page
    assert "Dépense : Terrain" in page  # the saved version, recalled
    assert 'value="Travaux"' in page  # Bruno's, kept in the table
    saved = BudgetLine.objects.filter(application=application).values_list("label", flat=True)
    assert list(saved) == ["Terrain", "Apport"]


def test_autosave_reports_a_conflict_and_keeps_the_page_fingerprint(team):
    application, (alice, bruno) = team
    seen_by_bruno = page_version(bruno, application, "operation")
    autosave = url(application, "operation") + "?autosave=1"
    quiet = bruno.post(autosave, {**operation(application, operation_summary="Brouillon"),
                                  "_version": seen_by_bruno}, HTTP_HX_REQUEST="true")  # fmt: skip
    fresh = html.unescape(VERSION.search(quiet.content.decode())[1])
    assert 'hx-swap-oob="true"' in quiet.content.decode() and fresh != seen_by_bruno
    alice.post(url(application, "operation"), operation(application, operation_summary="Alice"))
    clash = bruno.post(autosave, {**operation(application, operation_summary="Brouillon 2"),
                                  "_version": fresh}, HTTP_HX_REQUEST="true")  # fmt: skip
    text = clash.content.decode()
    assert "a modifié cette étape pendant que vous écriviez" in text
    assert "_version" not in text  # the page keeps its fingerprint: no silent overwrite next
    application.refresh_from_db()
    assert application.operation_summary == "Alice"
