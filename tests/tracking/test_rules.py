"""Who may do what with calls and dossiers (``projects/tracking/rules.py``), as one table:
each row is an action, a person, a dossier in a given state, and the answer they get (allowed,
or the French reason of the refusal). The dossiers are built once for the module."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from labo.accounts import roles
from projects.tracking import workflow
from projects.tracking.models import (
    Application,
    ApplicationDocument,
    CallStage,
    DocumentRequest,
    Outcome,
    Review,
)
from projects.tracking.rules import is_staff, is_team_member
from tests.factories import UserFactory
from tests.rule_tables import OK, module_world, person, rule_test, with_role

from .factories import (
    draft_application,
    open_guarantee_call,
    open_viure_call,
    project_with_team,
    submitted_application,
)

NOT_YOURS = "Ce dossier n'existe pas ou ne vous est pas accessible."
STAFF_ONLY = "Cette page est réservée aux équipes de la CRESS et de la Région."
NOT_STAFF_MOVE = "Seules les équipes de la CRESS et de la Région font avancer un dossier."
NOT_SUBMITTED = "Ce dossier n'est pas encore déposé."
CLOSED = "Ce dossier est clos."
ALREADY_CLOSED = "Ce dossier est déjà clos."
DOCUMENT_HIDDEN = "Ce document n'existe pas ou ne vous est pas accessible."


def _at(application, code):
    stage = CallStage.objects.get(call=application.call, code=code)
    Application.objects.filter(pk=application.pk).update(stage=stage)
    return Application.objects.get(pk=application.pk)


def build_world():
    w = SimpleNamespace()
    w.equipe = UserFactory()
    w.users = {
        "equipe": w.equipe,
        "membre": UserFactory(),
        "animateur": with_role(roles.ANIMATEUR),
        "instructeur": with_role(roles.INSTRUCTEUR),
        "administrateur": with_role(roles.ADMINISTRATEUR),
        "superuser": with_role(None, is_superuser=True, verified=False),
    }
    call = open_viure_call()
    w.project = project_with_team(w.equipe)
    other_project = project_with_team(w.equipe)
    third_project = project_with_team(w.equipe)
    w.objects = {"projet": w.project}
    draft = draft_application(call, project=w.project, user=w.equipe)
    submitted = submitted_application(call, project=other_project, user=w.equipe)
    w.objects.update(
        brouillon=draft,
        depose=submitted,
        pre_audition=_at(submitted_application(call, project=third_project), "pre-audition"),
        suivi=_at(submitted_application(call, project=project_with_team(w.equipe)), "suivi"),
    )
    closed = submitted_application(call, project=project_with_team(w.equipe))
    workflow.set_outcome(
        closed,
        outcome=Outcome.NOT_SELECTED,
        user=w.users["administrateur"],
        expected_stage_id=closed.stage_id,
    )
    w.objects["non_retenu"] = Application.objects.get(pk=closed.pk)
    withdrawn = draft_application(call, project=project_with_team(w.equipe))
    workflow.withdraw(withdrawn, w.equipe)
    w.objects["brouillon_abandonne"] = Application.objects.get(pk=withdrawn.pk)

    requested = submitted_application(call, project=project_with_team(w.equipe))
    DocumentRequest.objects.create(
        application=requested, label="Budget", due_date=timezone.localdate()
    )
    w.objects["piece_demandee"] = requested
    fulfilled = submitted_application(call, project=project_with_team(w.equipe))
    DocumentRequest.objects.create(
        application=fulfilled,
        label="Budget",
        due_date=timezone.localdate(),
        fulfilled_at=timezone.now(),
    )
    w.objects["piece_fournie"] = fulfilled

    # A draft left at the closing date of last year's call.
    past = open_viure_call(year=call.year - 1)
    late = draft_application(past, project=project_with_team(w.equipe))
    past.closes_at = timezone.now() - timedelta(days=1)
    past.save()
    w.objects["brouillon_hors_delai"] = Application.objects.get(pk=late.pk)

    guarantee = submitted_application(open_guarantee_call(), project=project_with_team(w.equipe))
    w.objects["mise_en_relation"] = _at(guarantee, "mise-en-relation")

    instructeur = w.users["instructeur"]
    w.objects["avis"] = Review(application=submitted, reviewer=instructeur)
    w.objects["avis_soumis"] = Review(
        application=submitted, reviewer=instructeur, submitted_at=timezone.now()
    )
    for name, application, staff_only in [
        ("piece", submitted, False),
        ("piece_interne", submitted, True),
        ("piece_brouillon", draft, False),
    ]:
        w.objects[name] = ApplicationDocument(application=application, staff_only=staff_only)
    return w


world = module_world(build_world)


STAFF = ["animateur", "instructeur", "administrateur", "superuser"]
APPLY = "Seule l'équipe du projet peut candidater pour ce projet."
EDIT = "Seule l'équipe du projet peut modifier ce dossier."
EDIT_SUBMITTED = "Ce dossier est déposé : il ne peut plus être modifié."
ADD = "Seule l'équipe du projet peut ajouter des pièces à ce dossier."
ADD_SUBMITTED = "Le dossier est déposé : ajoutez une pièce quand l'équipe vous la demande."
WITHDRAW = "Seule l'équipe du projet peut retirer ce dossier."
CONFIGURE = "Seuls l'animation CRESS et les administrateurs configurent les appels."
LATE = "Seule l'animation CRESS peut accepter un dossier après la clôture."
REVIEW_OTHER = "Seul l'instructeur assigné peut rédiger cet avis."
REVIEW_SUBMITTED = "Cet avis est soumis : il ne peut plus être modifié."
DECIDE = "Seuls les services instructeurs de la Région enregistrent une décision."


def role_refusal(stage):
    return f"Votre rôle ne permet pas de faire sortir un dossier de l'étape « {stage} »."


TABLE = [
    ("tracking.apply", "equipe", "projet", OK),
    ("tracking.apply", "membre", "projet", APPLY),
    ("tracking.apply", "animateur", "projet", APPLY),
    # Reading a dossier.
    ("tracking.view_application", "equipe", "brouillon", OK),
    ("tracking.view_application", "equipe", "depose", OK),
    ("tracking.view_application", "membre", "depose", NOT_YOURS),
    *[("tracking.view_application", key, "depose", OK) for key in STAFF],
    *[("tracking.view_application", key, "brouillon", NOT_YOURS) for key in STAFF],
    ("tracking.view_application", "animateur", "brouillon_hors_delai", OK),
    ("tracking.view_application", "administrateur", "brouillon_hors_delai", OK),
    ("tracking.view_application", "instructeur", "brouillon_hors_delai", NOT_YOURS),
    ("tracking.view_application", "membre", "brouillon_hors_delai", NOT_YOURS),
    # Editing a draft.
    ("tracking.edit_draft", "equipe", "brouillon", OK),
    ("tracking.edit_draft", "membre", "brouillon", EDIT),
    ("tracking.edit_draft", "administrateur", "brouillon", EDIT),
    ("tracking.edit_draft", "equipe", "depose", EDIT_SUBMITTED),
    ("tracking.edit_draft", "equipe", "brouillon_abandonne", EDIT_SUBMITTED),
    # Adding a document.
    ("tracking.add_document", "equipe", "brouillon", OK),
    ("tracking.add_document", "membre", "brouillon", ADD),
    ("tracking.add_document", "equipe", "brouillon_abandonne", CLOSED),
    ("tracking.add_document", "equipe", "non_retenu", CLOSED),
    ("tracking.add_document", "equipe", "depose", ADD_SUBMITTED),
    ("tracking.add_document", "equipe", "piece_demandee", OK),
    ("tracking.add_document", "equipe", "piece_fournie", ADD_SUBMITTED),
    # Withdrawing.
    ("tracking.withdraw", "equipe", "brouillon", OK),
    ("tracking.withdraw", "equipe", "depose", OK),
    ("tracking.withdraw", "membre", "depose", WITHDRAW),
    ("tracking.withdraw", "administrateur", "depose", WITHDRAW),
    ("tracking.withdraw", "equipe", "non_retenu", ALREADY_CLOSED),
    ("tracking.withdraw", "equipe", "suivi", ALREADY_CLOSED),
    # Staff pages.
    *[
        (action, key, "depose", OK)
        for action in ["tracking.staff", "tracking.comment"]
        for key in STAFF
    ],
    *[
        (action, key, "depose", STAFF_ONLY)
        for action in [
            "tracking.staff",
            "tracking.comment",
            "tracking.view_internal",
            "tracking.assign_reviewers",
        ]
        for key in ["equipe", "membre"]
    ],
    ("tracking.view_internal", "instructeur", "depose", OK),
    ("tracking.assign_reviewers", "animateur", "depose", OK),
    ("tracking.configure", "animateur", "depose", OK),
    ("tracking.configure", "administrateur", "depose", OK),
    ("tracking.configure", "superuser", "depose", OK),
    ("tracking.configure", "instructeur", "depose", CONFIGURE),
    ("tracking.configure", "equipe", "depose", CONFIGURE),
    # Moving out of a stage: the call's configuration says which role.
    ("tracking.move", "equipe", "depose", NOT_STAFF_MOVE),
    ("tracking.move", "membre", "depose", NOT_STAFF_MOVE),
    ("tracking.move", "animateur", "brouillon", NOT_SUBMITTED),
    ("tracking.move", "animateur", "non_retenu", CLOSED),
    ("tracking.move", "administrateur", "suivi", CLOSED),
    ("tracking.move", "animateur", "depose", OK),
    ("tracking.move", "instructeur", "depose", role_refusal("Déposé")),
    ("tracking.move", "administrateur", "depose", OK),
    ("tracking.move", "superuser", "depose", OK),
    ("tracking.move", "instructeur", "pre_audition", OK),
    ("tracking.move", "administrateur", "pre_audition", OK),
    (
        "tracking.move",
        "animateur",
        "pre_audition",
        role_refusal("Pré-audition (services de la Région)"),
    ),
    ("tracking.move", "animateur", "mise_en_relation", OK),
    ("tracking.move", "instructeur", "mise_en_relation", OK),
    # Late acceptance.
    ("tracking.accept_late", "animateur", "brouillon_hors_delai", OK),
    ("tracking.accept_late", "administrateur", "brouillon_hors_delai", OK),
    ("tracking.accept_late", "superuser", "brouillon_hors_delai", OK),
    ("tracking.accept_late", "instructeur", "brouillon_hors_delai", LATE),
    ("tracking.accept_late", "equipe", "brouillon_hors_delai", LATE),
    # Reviews.
    ("tracking.review", "instructeur", "avis", OK),
    ("tracking.review", "animateur", "avis", REVIEW_OTHER),
    ("tracking.review", "administrateur", "avis", REVIEW_OTHER),
    ("tracking.review", "instructeur", "avis_soumis", REVIEW_SUBMITTED),
    # Decisions.
    ("tracking.decide", "instructeur", "depose", OK),
    ("tracking.decide", "administrateur", "depose", OK),
    ("tracking.decide", "superuser", "depose", OK),
    ("tracking.decide", "animateur", "depose", DECIDE),
    ("tracking.decide", "equipe", "depose", DECIDE),
    # Downloads.
    ("tracking.download", "animateur", "piece", OK),
    ("tracking.download", "instructeur", "piece_interne", OK),
    ("tracking.download", "equipe", "piece", OK),
    ("tracking.download", "equipe", "piece_interne", DOCUMENT_HIDDEN),
    ("tracking.download", "membre", "piece", DOCUMENT_HIDDEN),
    ("tracking.download", "equipe", "piece_brouillon", OK),
    ("tracking.download", "animateur", "piece_brouillon", DOCUMENT_HIDDEN),
    # The attestation de dépôt: once deposited, even if the dossier is closed since.
    ("tracking.download_receipt", "equipe", "depose", OK),
    ("tracking.download_receipt", "equipe", "non_retenu", OK),
    *[("tracking.download_receipt", key, "depose", OK) for key in STAFF],
    ("tracking.download_receipt", "membre", "depose", NOT_YOURS),
    ("tracking.download_receipt", "equipe", "brouillon", NOT_SUBMITTED),
    ("tracking.download_receipt", "equipe", "brouillon_abandonne", NOT_SUBMITTED),
    ("tracking.download_receipt", "animateur", "brouillon_hors_delai", NOT_SUBMITTED),
]


test_rule = rule_test(TABLE)


@pytest.mark.django_db
def test_visitors_are_neither_staff_nor_team(world):
    visitor = AnonymousUser()
    assert not is_staff(visitor)
    assert not is_team_member(visitor, world.project.pk)
    assert is_team_member(person(world, "equipe"), world.project.pk)
    assert not is_team_member(person(world, "membre"), world.project.pk)


@pytest.mark.django_db
def test_team_membership_is_read_once_per_project(world, django_assert_num_queries):
    equipe = person(world, "equipe")
    with django_assert_num_queries(1):
        assert is_team_member(equipe, world.project.pk)
        assert is_team_member(equipe, world.project.pk)
