"""Yearly figures of a call, computed from the append-only history: the funnel (how many
dossiers reached each stage), outcomes, per département, amounts requested and granted, and
the median number of days spent in each stage. Every chart is a server-rendered SVG bar chart
with its data table beside it (RGAA)."""

from collections import defaultdict
from decimal import Decimal
from statistics import median

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from labo.accounts.occitanie import Departement
from labo.core.charts import bar_chart
from labo.core.spreadsheets import Workbook

from ..models import Application, CallStage, Decision, HistoryEntry, Outcome


def funnel(call):
    """[(stage, count)] for every stage after the draft: the dossiers whose history shows
    they reached this stage or a later one."""
    stages = [s for s in call.ordered_stages() if s.kind != CallStage.Kind.DRAFT]
    order = {stage.pk: index for index, stage in enumerate(stages)}
    furthest: dict[int, int] = {}
    for application_id, stage_id in (
        HistoryEntry.objects.filter(application__call=call, to_stage__isnull=False)
        .values_list("application_id", "to_stage_id")
        .iterator()
    ):
        if stage_id in order:
            furthest[application_id] = max(furthest.get(application_id, -1), order[stage_id])
    return [
        (stage, sum(1 for reached in furthest.values() if reached >= index))
        for index, stage in enumerate(stages)
    ]


def outcomes(call):
    applications = Application.objects.filter(call=call).submitted()
    counts = dict(applications.exclude(outcome="").values_list("outcome").annotate(n=Count("pk")))
    rows = [(_("En cours"), applications.in_progress().count())]
    final = applications.filter(outcome="", stage__kind=CallStage.Kind.FINAL).count()
    if final:
        rows.append((_("En suivi (étape finale)"), final))
    rows += [(label, counts.get(code, 0)) for code, label in Outcome.choices]
    return rows


def departements(call):
    applications = Application.objects.filter(call=call).submitted()
    rows = {
        row["departement"]: row
        for row in applications.values("departement").annotate(
            count=Count("pk"), requested=Sum("amount_requested")
        )
    }
    granted = dict(
        Decision.objects.filter(application__call=call, result=Decision.Result.GRANTED)
        .values_list("application__departement")
        .annotate(total=Sum("amount_granted"))
    )
    result = []
    for code, label in Departement.choices:
        row = rows.get(code)
        if row:
            result.append(
                {
                    "code": code,
                    "label": label,
                    "count": row["count"],
                    "requested": row["requested"] or Decimal(0),
                    "granted": granted.get(code) or Decimal(0),
                }
            )
    if "" in rows:
        result.append(
            {
                "code": "",
                "label": _("Non renseigné"),
                "count": rows[""]["count"],
                "requested": rows[""]["requested"] or Decimal(0),
                "granted": granted.get("") or Decimal(0),
            }
        )
    return result


def amounts(call):
    applications = Application.objects.filter(call=call).submitted()
    requested = applications.aggregate(total=Sum("amount_requested"))["total"] or Decimal(0)
    granted_qs = Decision.objects.filter(application__call=call, result=Decision.Result.GRANTED)
    granted = granted_qs.aggregate(total=Sum("amount_granted"))["total"] or Decimal(0)
    return {"requested": requested, "granted": granted, "granted_count": granted_qs.count()}


def median_days(call):
    """[(stage, median days, dossiers measured)]: for each stage, the time between entering
    it and the next event that took the dossier out (next stage or outcome)."""
    stages = [s for s in call.ordered_stages() if s.kind not in (CallStage.Kind.DRAFT,)]
    entries = defaultdict(list)
    for application_id, created_at, to_stage_id, kind in (
        HistoryEntry.objects.filter(application__call=call)
        .filter(
            kind__in=[
                HistoryEntry.Kind.SUBMITTED,
                HistoryEntry.Kind.TRANSITION,
                HistoryEntry.Kind.OUTCOME,
            ]
        )
        .order_by("application_id", "created_at", "pk")
        .values_list("application_id", "created_at", "to_stage_id", "kind")
        .iterator()
    ):
        entries[application_id].append((created_at, to_stage_id, kind))
    durations = defaultdict(list)
    for events in entries.values():
        for (start, stage_id, _kind), (end, _next, _k) in zip(events, events[1:], strict=False):
            if stage_id:
                durations[stage_id].append((end - start).total_seconds() / 86400)
    return [
        (
            stage,
            round(median(durations[stage.pk]), 1) if durations[stage.pk] else None,
            len(durations[stage.pk]),
        )
        for stage in stages
        if stage.kind != CallStage.Kind.FINAL
    ]


def figures(call):
    funnel_rows = funnel(call)
    outcome_rows = outcomes(call)
    departement_rows = departements(call)
    duration_rows = median_days(call)
    return {
        "funnel": funnel_rows,
        "funnel_chart": _horizontal_chart(
            [(stage.staff_name, count) for stage, count in funnel_rows]
        ),
        "outcomes": outcome_rows,
        "outcomes_chart": _horizontal_chart(outcome_rows),
        "departements": departement_rows,
        "departements_chart": _horizontal_chart(
            [(row["label"], row["count"]) for row in departement_rows]
        ),
        "amounts": amounts(call),
        "durations": duration_rows,
        "durations_chart": _horizontal_chart(
            [(stage.staff_name, days or 0) for stage, days, _n in duration_rows]
        ),
    }


def _horizontal_chart(rows):
    return bar_chart(
        [label for label, _value in rows], [value for _label, value in rows], horizontal=True
    )


def xlsx(call) -> Workbook:
    data = figures(call)
    workbook = Workbook()
    workbook.add_sheet(
        _("Entonnoir"),
        [_("Étape"), _("Dossiers ayant atteint l'étape")],
        [[stage.staff_name, count] for stage, count in data["funnel"]],
    )
    workbook.add_sheet(
        _("Issues"),
        [_("Situation"), _("Dossiers")],
        [[str(label), count] for label, count in data["outcomes"]],
    )
    workbook.add_sheet(
        _("Départements"),
        [_("Département"), _("Dossiers"), _("Montant sollicité (€)"), _("Montant accordé (€)")],
        [
            [row["label"], row["count"], row["requested"], row["granted"]]
            for row in data["departements"]
        ],
        money_columns=(2, 3),
    )
    workbook.add_sheet(
        _("Montants"),
        [_("Montant sollicité (€)"), _("Montant accordé (€)"), _("Aides accordées")],
        [
            [
                data["amounts"]["requested"],
                data["amounts"]["granted"],
                data["amounts"]["granted_count"],
            ]
        ],
        money_columns=(0, 1),
    )
    workbook.add_sheet(
        _("Durées"),
        [_("Étape"), _("Durée médiane (jours)"), _("Dossiers mesurés")],
        [[stage.staff_name, days, count] for stage, days, count in data["durations"]],
    )
    return workbook
