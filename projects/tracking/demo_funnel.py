"""The VIURE 2025 funnel, reproduced exactly for ``load_demo`` (idempotent): 20 dossiers
submitted, 18 entretiens préalables, 11 pré-auditions, 3 agoras, 3 projects selected
(retenus) and deliberated by the commission permanente in December 2025 (one decision read by
its team, one corrected); the others closed « non retenu » or « réorienté ». Every history
line, meeting, review, decision and read receipt is dated in 2025, as if the year had been run
on the platform.

This is an import of past events, so it writes rows directly (the history through
``workflow.record``) instead of replaying ``workflow.move`` at today's date, and tells no one.
"""

from datetime import datetime, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from . import presets
from .models import (
    Application,
    BudgetLine,
    Call,
    Comment,
    CriterionAnswer,
    Decision,
    DecisionReading,
    HistoryEntry,
    Meeting,
    Outcome,
    Review,
    ReviewScore,
    Visibility,
)
from .workflow import _decision_state as decision_state
from .workflow import record

YEAR = 2025
# How many dossiers reached each stage (by code), the 2025 figures CRESS reports.
FUNNEL = {
    "depose": 20,
    "entretien-prealable": 18,
    "pre-audition": 11,
    "agora": 3,
    "selection": 3,
    "commission-permanente": 3,
    "convention": 2,
}
OPERATIONS = [
    "Construction de logements en coopérative d'habitants",
    "Réhabilitation d'un corps de ferme en habitat partagé",
    "Habitat inclusif pour personnes âgées en centre-bourg",
    "Transformation d'une ancienne école en logements et salle commune",
    "Écolieu rural avec habitats légers et atelier partagé",
]
VIURE_ANSWERS = {
    "V": "Une salle commune ouverte aux associations du quartier et un jardin partagé.",
    "I": "Deux logements en bail réel solidaire et un logement adapté au handicap.",
    "U": "Propriété collective par une coopérative, décisions au consentement.",
    "R": "Construction bois-paille, récupération des eaux de pluie, mutualisation des véhicules.",
    "E": "Architecture en dialogue avec le bâti ancien du bourg, travail avec un paysagiste.",
}
GRANTED = [Decimal("60000"), Decimal("45000"), Decimal("75000")]


def _at(month, day, hour=10):
    return timezone.make_aware(datetime(YEAR, month, day, hour))


def _viure_2025() -> Call:
    call = Call.objects.filter(scheme__short_name="VIURE", year=YEAR).first()
    if call is None:
        call = presets.create_call(
            presets.viure_scheme(),
            year=YEAR,
            opens_at=_at(1, 15, 9),
            closes_at=_at(4, 30, 23),
            title="Appel à projets VIURE 2025 – Nouvelles formes d'habiter",
            **presets.DELIBERATION_NUMBERS,
        )
    return call


@transaction.atomic
def load_funnel_demo():
    from projects.models import ProjectPage

    call = _viure_2025()
    if call.applications.exists():
        return
    users = get_user_model().objects
    animateur = users.filter(email="animation@labo.demo").first()
    instructeur = users.filter(email="instruction@labo.demo").first()
    admin = users.filter(email="admin@labo.demo").first()
    porteur = users.filter(email="porteur@labo.demo").first()
    projects = list(
        ProjectPage.objects.select_related("commune", "holder_organisation").order_by("path")[
            : FUNNEL["depose"]
        ]
    )
    if len(projects) < FUNNEL["depose"]:
        return
    stages = {stage.code: stage for stage in call.stages.all()}
    criteria = list(call.criteria.order_by("sort_order"))
    guarantee = presets.guarantee_scheme()
    order = list(FUNNEL)
    for index, project in enumerate(projects):
        reached = max(i for i, code in enumerate(order) if index < FUNNEL[code])
        _dossier(
            call,
            project,
            index,
            order[: reached + 1],
            stages,
            criteria,
            staff=(animateur, instructeur, admin),
            porteur=porteur,
            guarantee=guarantee,
        )


def _dossier(call, project, index, path, stages, criteria, *, staff, porteur, guarantee):
    animateur, instructeur, admin = staff
    team = list(get_user_model().objects.filter(project_memberships__team__page_id=project.pk))
    author = team[0] if team else porteur
    submitted_at = _at(2 + index % 3, 3 + index, 14)
    amount = Decimal(20000 + (index * 7919) % 70000).quantize(Decimal("1"))
    application = Application.objects.create(
        call=call,
        project=project,
        organisation=project.holder_organisation,
        created_by=author,
        number=index + 1,
        reference=f"{call.scheme.short_name}-{YEAR}-{index + 1:03d}",
        stage=stages["depose"],
        stage_entered_at=submitted_at,
        operation_title=OPERATIONS[index % len(OPERATIONS)],
        operation_summary=f"{OPERATIONS[index % len(OPERATIONS)]} : le projet « {project.title} ».",
        operation_description=(
            f"Le collectif de « {project.title} » porte une opération d'habitat des communs : "
            "logements privatifs, espaces partagés et gouvernance partagée."
        ),
        departement=project.commune.departement if project.commune_id else "",
        dwellings=project.dwellings or 8,
        amount_requested=amount,
        submitted_at=submitted_at,
    )
    Application.objects.filter(pk=application.pk).update(
        created_at=submitted_at - timedelta(days=20)
    )
    CriterionAnswer.objects.bulk_create(
        [
            CriterionAnswer(
                application=application, criterion=c, text=VIURE_ANSWERS.get(c.code, "")
            )
            for c in criteria
        ]
    )
    total = amount * 10
    BudgetLine.objects.bulk_create(
        [
            BudgetLine(
                application=application,
                side="depense",
                label="Travaux",
                amount=total * 8 / 10,
                position=0,
            ),
            BudgetLine(
                application=application,
                side="depense",
                label="Honoraires et études",
                amount=total * 2 / 10,
                position=1,
            ),
            BudgetLine(
                application=application,
                side="ressource",
                label="Apports des habitants",
                amount=total - amount,
                position=0,
            ),
            BudgetLine(
                application=application,
                side="ressource",
                label="Région Occitanie (VIURE)",
                amount=amount,
                position=1,
            ),
        ]
    )
    entry = lambda kind, actor, at, **fields: record(  # noqa: E731
        application, kind, actor, created_at=at, **fields
    )
    entry(
        HistoryEntry.Kind.CREATED,
        author,
        submitted_at - timedelta(days=20),
        visibility=Visibility.SHARED,
    )
    entry(
        HistoryEntry.Kind.SUBMITTED,
        author,
        submitted_at,
        from_stage=stages["brouillon"],
        to_stage=stages["depose"],
        visibility=Visibility.SHARED,
    )

    moments = {
        "entretien-prealable": _at(5, 5 + index % 20),
        "pre-audition": _at(7, 1 + index % 25),
        "agora": _at(10, 6 + index),
        "selection": _at(10, 27),
        "commission-permanente": _at(11, 14),
        "convention": _at(12, 22),
    }
    mover = {
        "entretien-prealable": animateur,
        "pre-audition": animateur,
        "agora": instructeur,
        "selection": instructeur,
        "commission-permanente": instructeur,
        "convention": instructeur,
    }
    previous = stages["depose"]
    for code in path[1:]:
        at = moments[code]
        stage = stages[code]
        if previous.takes_decision:
            # The decision stage is left by the decision itself (its history line, below).
            previous = stage
            continue
        entry(
            HistoryEntry.Kind.TRANSITION,
            mover[code],
            at,
            from_stage=previous,
            to_stage=stage,
            visibility=Visibility.SHARED if code != "selection" else Visibility.INTERNAL,
        )
        previous = stage
        _meeting_for(application, code, at, staff, team, index)
    application.stage = previous
    application.stage_entered_at = moments.get(previous.code, submitted_at)
    application.stage_due_at = (
        application.stage_entered_at + timedelta(days=previous.due_days)
        if previous.due_days
        else None
    )
    application.staff_in_charge = animateur if len(path) <= 2 else instructeur

    if "pre-audition" in path:
        _reviews(
            application,
            criteria,
            [instructeur, admin] if "agora" in path else [instructeur],
            index,
            moments["pre-audition"],
        )
    if len(path) == len(FUNNEL) or path[-1] in ("commission-permanente", "convention"):
        position = index  # the first three dossiers are the ones retenus
        decision = Decision.objects.create(
            application=application,
            body=Decision.Body.STANDING_COMMITTEE,
            result=Decision.Result.GRANTED,
            date=_at(12, 12).date(),
            deliberation_number=f"CP/2025-12/11.{position + 7:02d}",
            amount_granted=GRANTED[position % 3],
            conditions="Versement en deux fois : 50 % à la signature, 50 % à la livraison.",
            message_to_applicant=(
                "La commission permanente du 12 décembre 2025 a retenu votre projet. "
                "La convention vous sera adressée prochainement."
            ),
            decided_by=instructeur,
            snapshot={"reviews": 2, "recommendations": ["favorable", "favorable"]},
        )
        Decision.objects.filter(pk=decision.pk).update(created_at=_at(12, 12, 16))
        entry(
            HistoryEntry.Kind.DECISION,
            instructeur,
            _at(12, 12, 16),
            from_stage=stages["commission-permanente"],
            to_stage=stages["convention"] if "convention" in path else None,
            comment=decision.message_to_applicant,
            visibility=Visibility.SHARED,
        )
        _after_decision(application, decision, position, author, instructeur, entry)
    else:
        _close(application, index, path, stages, staff, guarantee, entry)
    application.save()
    _comments(application, index, path, staff, moments, submitted_at)


def _after_decision(application, decision, position, reader, instructeur, entry):
    """The first dossier's team read its decision three days after the commission; the
    second's decision was corrected (its deliberation number had been mistyped), in the rows
    ``workflow.correct_decision`` writes, and is not read yet."""
    if position == 0:
        DecisionReading.objects.create(
            application=application,
            decision=decision,
            version=decision.version,
            reader=reader,
            read_at=_at(12, 15, 9),
        )
    elif position == 1:
        # The state a correction keeps in its history line, as the workflow writes it.
        after = decision_state(decision)
        mistyped = {**after, "deliberation_number": after["deliberation_number"][:-2] + "80"}
        decision.version += 1
        decision.save(update_fields=["version"])
        entry(
            HistoryEntry.Kind.DECISION_CORRECTED,
            instructeur,
            _at(12, 16, 11),
            from_stage=application.stage,
            comment=(
                f"Numéro de délibération mal recopié : {mistyped['deliberation_number']} au "
                f"lieu de {after['deliberation_number']}."
            ),
            visibility=Visibility.SHARED,
            details={"before": mistyped, "after": {**after, "version": decision.version}},
        )


def _close(application, index, path, stages, staff, guarantee, entry):
    animateur, instructeur, _admin = staff
    last = path[-1]
    if last == "depose":
        outcome, at, actor = Outcome.REDIRECTED, _at(4, 28 + index % 3), animateur
        comment = "Le projet relève plutôt de la garantie d'emprunt de la Région."
    elif last == "entretien-prealable":
        redirected = index % 3 == 0
        outcome = Outcome.REDIRECTED if redirected else Outcome.NOT_SELECTED
        at, actor = _at(6, 20 + index % 8), animateur
        comment = (
            "Projet réorienté vers la garantie d'emprunt de la Région."
            if redirected
            else "Le projet n'est pas encore assez avancé pour cet appel ; nous restons à vos "
            "côtés pour la prochaine édition."
        )
    else:
        outcome, at, actor = Outcome.NOT_SELECTED, _at(10, 3), instructeur
        comment = "Après la pré-audition, le projet n'est pas retenu pour l'agora."
    application.outcome = outcome
    application.outcome_at = at
    application.stage_due_at = None
    if outcome == Outcome.REDIRECTED:
        application.redirected_to = guarantee
    entry(
        HistoryEntry.Kind.OUTCOME,
        actor,
        at,
        from_stage=stages[last],
        outcome=outcome,
        comment=comment,
        visibility=Visibility.SHARED,
    )


def _meeting_for(application, code, at, staff, team, index):
    animateur, instructeur, _admin = staff
    kinds = {
        "entretien-prealable": (
            Meeting.Kind.PRIOR_INTERVIEW,
            "Locaux de la CRESS Occitanie, Montpellier",
            animateur,
        ),
        "pre-audition": (Meeting.Kind.PRE_HEARING, "", instructeur),
        "agora": (Meeting.Kind.AGORA, "Hôtel de Région, Toulouse", instructeur),
        "commission-permanente": (
            Meeting.Kind.STANDING_COMMITTEE,
            "Hôtel de Région, Toulouse",
            instructeur,
        ),
    }
    if code not in kinds:
        return
    kind, place, organiser = kinds[code]
    starts_at = at + timedelta(days=10, hours=4)
    last = code != "commission-permanente"
    meeting = Meeting.objects.create(
        application=application,
        kind=kind,
        starts_at=starts_at,
        duration_minutes=90 if code == "agora" else 60,
        location=place,
        video_url="" if place else "https://visio.laregion.fr/preaudition-viure-2025",
        agenda="Présentation du projet par l'équipe, questions sur le montage et le budget.",
        minutes=(
            "Équipe motivée ; points de vigilance sur le plan de financement et le calendrier."
        ),
        outcome="Échange constructif." if last else "Subvention votée.",
        deliberation_date=_at(12, 12).date() if not last else None,
        deliberation_number=f"CP/2025-12/11.{index + 7:02d}" if not last else "",
        created_by=organiser,
        invitations_sent_at=at + timedelta(days=1),
    )
    participants = [user for user in (organiser, *team) if user is not None]
    meeting.participants.set(participants)


def _reviews(application, criteria, reviewers, index, at):
    for offset, reviewer in enumerate(r for r in reviewers if r is not None):
        strong = index < FUNNEL["agora"]
        review = Review.objects.create(
            application=application,
            reviewer=reviewer,
            recommendation=Review.Recommendation.FAVORABLE
            if strong
            else (
                Review.Recommendation.RESERVED if index % 2 else Review.Recommendation.UNFAVORABLE
            ),
            comment="Projet solide et bien entouré."
            if strong
            else "Projet intéressant mais fragile.",
            submitted_at=at + timedelta(days=20 + offset),
        )
        Review.objects.filter(pk=review.pk).update(assigned_at=at + timedelta(days=2))
        ReviewScore.objects.bulk_create(
            [
                ReviewScore(
                    review=review,
                    criterion=criterion,
                    score=min(4, (3 if strong else 1) + (index + position + offset) % 2),
                    comment=f"{criterion.name} : "
                    + ("convaincant." if strong else "à consolider."),
                )
                for position, criterion in enumerate(criteria)
            ]
        )
        record(
            application,
            HistoryEntry.Kind.REVIEW,
            reviewer,
            created_at=review.submitted_at,
            comment="Avis soumis",
            visibility=Visibility.INTERNAL,
        )


def _comments(application, index, path, staff, moments, submitted_at):
    animateur, instructeur, _admin = staff
    rows = [
        (
            animateur,
            "Dossier complet, équipe déjà rencontrée lors d'un atelier du Labo.",
            Visibility.INTERNAL,
            submitted_at + timedelta(days=5),
        ),
    ]
    if len(path) > 2:
        rows.append(
            (
                instructeur,
                "Merci pour l'entretien : nous vous proposons une pré-audition.",
                Visibility.SHARED,
                moments["pre-audition"] + timedelta(hours=2),
            )
        )
    for author, body, visibility, at in rows:
        if author is None:
            continue
        comment = Comment.objects.create(
            application=application, author=author, body=body, visibility=visibility
        )
        Comment.objects.filter(pk=comment.pk).update(created_at=at)


__all__ = ["FUNNEL", "load_funnel_demo"]
