"""The outcome as the team reads it: the Region's decision on its dossier page and in the
« notification de décision » (a PDF laid out in templates/tracking/applicant/decision_pdf.xml),
the history of what it was told, and the read receipt of the decision (``DecisionReading``).

Everything here is derived from the rows the staff see — the decision as currently valid,
the history the workflow wrote — and leaves out what stays with them: the decision's
``conditions``, the justification of its amount and its frozen snapshot, internal comments.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from labo.core.formats import NO_VALUE, euros

from .. import workflow
from ..models import Decision, DecisionReading, HistoryEntry, outcome_for_applicant

# What a correction may change that the team reads, in the order the page lists it.
SHOWN_FIELDS = {
    "body": gettext_lazy("Instance"),
    "date": gettext_lazy("Date de la délibération"),
    "deliberation_number": gettext_lazy("Numéro de délibération"),
    "amount_granted": gettext_lazy("Montant accordé"),
    "message_to_applicant": gettext_lazy("Message de la Région"),
}
NEXT_STEP = gettext_lazy(
    "La convention vous sera adressée par le service chargé du dossier : elle précise les "
    "engagements de chacun et les conditions de versement."
)


@dataclass(frozen=True)
class TeamDecision:
    """The decision as the team reads it."""

    decision: Decision
    # « Aide accordée » or « Aide refusée » (``Decision.result_for_applicant``).
    status: str
    # When the version read was issued: the decision's recording, or its last correction.
    issued_at: datetime
    corrected_at: datetime | None
    # What the team does next (a grant only): the message of the stage the grant led to.
    next_step: str

    @property
    def granted(self) -> bool:
        return self.decision.result == Decision.Result.GRANTED


def team_decision(application) -> TeamDecision | None:
    decision = application.current_decision()
    if decision is None:
        return None
    corrected_at = None
    if decision.version > 1:
        corrected_at = (
            HistoryEntry.objects.filter(
                application=application,
                kind=HistoryEntry.Kind.DECISION_CORRECTED,
                created_at__gte=decision.created_at,
            )
            .order_by("-created_at", "-pk")
            .values_list("created_at", flat=True)
            .first()
        )
    return TeamDecision(
        decision=decision,
        status=decision.result_for_applicant(),
        issued_at=corrected_at or decision.created_at,
        corrected_at=corrected_at,
        next_step=_next_step(application) if decision.result == Decision.Result.GRANTED else "",
    )


def _next_step(application) -> str:
    stages = application.call.ordered_stages()
    decided = workflow.decision_stage_of(application)
    index = next((i for i, stage in enumerate(stages) if stage == decided), None)
    following = stages[index + 1] if index is not None and index + 1 < len(stages) else None
    if following is not None and following.applicant_message.strip():
        return following.applicant_message.strip()
    return str(NEXT_STEP)


def note_reading(application, decision, user) -> None:
    """Records that ``user``, a member of the team (the caller checks it), opened the current
    version of ``decision``, unless someone of the team already did: the first reading is the
    receipt. Two first readings at once keep one row (the unique constraint)."""
    if DecisionReading.objects.filter(decision=decision, version=decision.version).exists():
        return
    DecisionReading.objects.bulk_create(
        [
            DecisionReading(
                application=application, decision=decision, version=decision.version, reader=user
            )
        ],
        ignore_conflicts=True,
    )


# --- the history the team was told ---------------------------------------------------------


@dataclass(frozen=True)
class TimelineItem:
    at: datetime
    title: str
    # What a correction changed, what an annulment took back.
    lines: tuple[str, ...] = ()
    comment: str = ""
    # The comment is the reason given for a correction, an annulment or a step back.
    is_reason: bool = False


REASONED = {
    HistoryEntry.Kind.DECISION_CORRECTED,
    HistoryEntry.Kind.DECISION_ANNULLED,
    HistoryEntry.Kind.REVERTED,
}


def timeline(application) -> list[TimelineItem]:
    """Every entry of the history the team may read (``visible_to_applicant``), in French."""
    entries = (
        HistoryEntry.objects.filter(application=application)
        .visible_to_applicant()
        .select_related("to_stage")
    )
    return [
        TimelineItem(
            at=entry.created_at,
            title=_title(entry),
            lines=tuple(_lines(entry)),
            comment=entry.comment_for_applicant,
            is_reason=entry.kind in REASONED,
        )
        for entry in entries
    ]


def _title(entry) -> str:
    kind, Kind = entry.kind, HistoryEntry.Kind
    stage = {"stage": entry.to_stage.applicant_name if entry.to_stage else ""}
    if kind == Kind.CREATED:
        return _("Brouillon créé")
    if kind == Kind.SUBMITTED:
        return _("Dossier déposé")
    if kind == Kind.OUTCOME:
        return outcome_for_applicant(entry.outcome)
    if kind == Kind.DECISION:
        if entry.to_stage is None:
            return _("Aide accordée par la Région")
        return _("Aide accordée par la Région – étape « %(stage)s »") % stage
    if kind == Kind.DECISION_CORRECTED:
        return _("Décision de la Région corrigée")
    if kind == Kind.DECISION_ANNULLED:
        return _("Décision de la Région annulée – retour à l'étape « %(stage)s »") % stage
    if kind == Kind.REVERTED:
        return _("Retour à l'étape « %(stage)s »") % stage
    if kind == Kind.TRANSITION:
        return _("Passage à l'étape « %(stage)s »") % stage
    return entry.get_kind_display()


def _lines(entry) -> list[str]:
    details = entry.details or {}
    if entry.kind == HistoryEntry.Kind.DECISION_CORRECTED:
        before, after = details.get("before", {}), details.get("after", {})
        changed = [name for name in SHOWN_FIELDS if before.get(name) != after.get(name)]
        lines = [
            _("%(field)s : %(before)s → %(after)s")
            % {
                "field": SHOWN_FIELDS[name],
                "before": shown_value(name, before.get(name)),
                "after": shown_value(name, after.get(name)),
            }
            for name in changed
            if name != "message_to_applicant"
        ]
        if "message_to_applicant" in changed and after.get("message_to_applicant"):
            lines.append(
                _("Nouveau message de la Région : %(message)s")
                % {"message": after["message_to_applicant"]}
            )
        return lines
    if entry.kind == HistoryEntry.Kind.DECISION_ANNULLED and details.get("before"):
        before = details["before"]
        return [
            _("Décision annulée : délibération n° %(number)s du %(date)s (%(body)s).")
            % {
                "number": before.get("deliberation_number") or NO_VALUE,
                "date": shown_value("date", before.get("date")),
                "body": shown_value("body", before.get("body")),
            }
        ]
    return []


def shown_value(name, value) -> str:
    """A decision's field, stored as text in a history entry's details, as the page shows it."""
    if not value:
        return NO_VALUE
    if name == "body":
        return str(dict(Decision.Body.choices).get(value, value))
    if name == "date":
        try:
            return date_format(date.fromisoformat(value), "j F Y")
        except ValueError:
            return value
    if name == "amount_granted":
        try:
            return euros(Decimal(value))
        except InvalidOperation:
            return value
    return value


# --- the « notification de décision » --------------------------------------------------------


def decision_filename(application) -> str:
    return f"notification-decision-{application.reference}.pdf"


def decision_pdf(application, current: TeamDecision) -> bytes:
    """The decision as currently valid, dated when that version was issued: the same version
    gives the same PDF each time it is asked for."""
    # Imported by the first PDF asked, not by every process: reportlab is slow to load.
    from labo.core import pdf

    return pdf.render_template(
        "tracking/applicant/decision_pdf.xml",
        {"application": application, "call": application.call, "outcome": current},
        dated=current.issued_at,
    )
