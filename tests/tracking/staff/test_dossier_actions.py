"""The table of the dossier page's POST actions (``ACTIONS``): it covers every POST route of
the dossier in staff/urls.py, every action refuses a user without the permission with a 403
(and writes nothing), and a refused form comes back with a 400, bound, what was typed kept."""

import pytest
from django.urls import URLPattern, reverse
from django.utils.html import escape

from projects.tracking.models import Comment, DocumentRequest, HistoryEntry, Meeting, Review
from projects.tracking.staff import urls as staff_urls
from projects.tracking.staff.views.dossier import ACTIONS, DossierAction
from tests.factories import UserFactory
from tests.tracking.factories import ApplicationDocumentFactory, ReviewFactory
from tests.tracking.guards import grant

from .factories import dossier_at, porteur_of

pytestmark = pytest.mark.django_db

MARK = "Saisie à garder zq-4412"


@pytest.fixture
def world(instructeur):
    application = dossier_at("commission-permanente")
    meeting = Meeting.objects.create(
        application=application, kind="cp", starts_at=application.submitted_at,
        location="Hôtel de Région",
    )  # fmt: skip
    review = ReviewFactory(application=application, reviewer=instructeur)
    document = ApplicationDocumentFactory(application=application)
    arguments = {
        "pk": application.pk,
        "review_pk": review.pk,
        "meeting_pk": meeting.pk,
        "token": document.token,
    }
    return application, meeting, review, arguments


def dossier_routes():
    """(name, pattern) of every route of a dossier in staff/urls.py."""
    return [
        (entry.name, str(entry.pattern))
        for entry in staff_urls.urlpatterns
        if isinstance(entry, URLPattern) and str(entry.pattern).startswith("dossiers/")
    ]


def url_of(name, pattern, arguments):
    kwargs = {key: value for key, value in arguments.items() if f":{key}>" in pattern}
    return reverse(f"tracking_staff:{name}", kwargs=kwargs)


def writes(application):
    return (
        Comment.objects.count(),
        DocumentRequest.objects.count(),
        HistoryEntry.objects.count(),
        Meeting.objects.count(),
        Review.objects.filter(submitted_at__isnull=False).count(),
        application.reviews.count(),
        type(application)
        .objects.values_list("stage_id", "outcome", "staff_in_charge_id")
        .get(pk=application.pk),
    )


def test_the_table_covers_every_post_route_of_the_dossier(client, administrateur, world):
    *_objects, arguments = world
    client.force_login(administrateur)
    takes_post = set()
    for name, pattern in dossier_routes():
        if client.post(url_of(name, pattern, arguments)).status_code != 405:
            takes_post.add(name)
    assert takes_post == set(ACTIONS)
    # Each route of the table is served by its own row (the meeting's page hands its POST on).
    for name, pattern in dossier_routes():
        if name in ACTIONS and name != "meeting":
            view = client.post(url_of(name, pattern, arguments)).resolver_match.func
            assert view.view_class is DossierAction, name
            assert view.view_initkwargs["action"] is ACTIONS[name], name


def test_every_action_refuses_a_user_without_permission(client, world):
    application, _meeting, _review, arguments = world
    routes = dict(dossier_routes())
    before = writes(application)
    for user in (porteur_of(application), UserFactory()):
        client.force_login(user)
        for name in ACTIONS:
            response = client.post(
                url_of(name, routes[name], arguments), {"body": MARK, "visibility": "partage"}
            )
            assert response.status_code == 403, (user, name)
    assert writes(application) == before


def test_the_review_refuses_a_staff_member_who_is_not_its_reviewer(client, animateur, world):
    application, _meeting, review, _arguments = world
    client.force_login(animateur)
    response = client.post(
        reverse("tracking_staff:review", args=[application.pk, review.pk]),
        {"comment": MARK, "submit": "1"},
    )
    assert response.status_code == 403
    assert "Seul l&#x27;instructeur assigné" in response.content.decode()
    review.refresh_from_db()
    assert review.comment == "" and review.submitted_at is None


def test_a_stale_expected_stage_is_refused_in_french(client, instructeur, world):
    application, *_rest = world
    client.force_login(instructeur)
    response = client.post(
        reverse("tracking_staff:decision", args=[application.pk]),
        {
            "expected_stage_id": application.call.submitted_stage().pk,
            "body": "cp",
            "result": "accorde",
            "date": "2026-12-04",
            "deliberation_number": "CP/1",
            "amount_granted": "1000",
        },
        follow=True,
    )
    assert "a changé d&#x27;étape entre-temps" in response.content.decode()
    assert not hasattr(type(application).objects.get(pk=application.pk), "decision")


# Per action with a form: a refused payload carrying MARK in a text field where it may.
INVALID = {
    "move": lambda a: {"expected_stage_id": a.stage_id, "comment": MARK, "visibility": "interne"},
    "outcome": lambda a: {"expected_stage_id": a.stage_id, "outcome": "x", "comment": MARK},
    "comment": lambda a: {"body": MARK, "visibility": "nimporte"},
    "request_document": lambda a: {"label": MARK, "due_date": "2020-01-01"},
    "staff_in_charge": lambda a: {"staff_in_charge": "999999"},
    "reviewers": lambda a: {"reviewers": ["999999"]},
    "review": lambda a: {"recommendation": "nimporte", "comment": MARK},
    "meeting_add": lambda a: {"kind": "cp", "starts_at": "2026-12-01T10:00", "agenda": MARK},
    "meeting": lambda a: {"kind": "cp", "starts_at": "2026-12-01T10:00", "agenda": MARK},
    "decision": lambda a: {
        "expected_stage_id": a.stage_id,
        "body": "cp",
        "result": "accorde",
        "date": "31/02/2026",
        "amount_granted": "1000",
        "conditions": MARK,
    },
    "decision_correct": lambda a: {
        "expected_version": "1",
        "body": "cp",
        "date": "2099-01-01",
        "deliberation_number": "CP/1",
        "amount_granted": "1000",
        "conditions": MARK,
        "reason": "",
    },
    "decision_annul": lambda a: {"expected_version": "1", "reason": ""},
    "revert": lambda a: {"expected_stage_id": a.stage_id, "reason": ""},
}


def test_every_form_has_a_refused_payload_here():
    assert set(INVALID) == {name for name, action in ACTIONS.items() if action.form is not None}


@pytest.mark.parametrize("name", sorted(INVALID))
def test_a_refused_form_comes_back_bound_with_a_400(client, instructeur, world, name):
    application, _meeting, _review, arguments = world
    # The instructeur moves a dossier out of the standing committee, decides and is the
    # reviewer: every form of the page is theirs.
    client.force_login(instructeur)
    if name in ("decision_correct", "decision_annul"):
        grant(application, instructeur)  # a decision to correct or annul
        application.refresh_from_db()
    before = writes(application)
    url = url_of(name, dict(dossier_routes())[name], arguments)
    response = client.post(url, INVALID[name](application))
    assert response.status_code == 400, name
    form = response.context[ACTIONS[name].form_name]
    assert form.is_bound and form.errors, name
    page = response.content.decode()
    if MARK in str(INVALID[name](application)):
        assert MARK in page, name
    # Each error at its place in the page.
    for message in (m for messages in form.errors.values() for m in messages):
        assert escape(message) in page, (name, message)
    assert writes(application) == before
