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
from labo.core.spreadsheets import Workbook

from ..models import Application, CallStage, Decision, HistoryEntry, Outcome

BAR_HEIGHT = 26
LABEL_WIDTH = 300
CHART_WIDTH = 640


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


def bar_chart(rows, *, title_id, unit=""):
    """Geometry of a horizontal bar chart: [{label, value, width, y}], total height. The
    template draws it in an <svg role="img" aria-labelledby=…>; texts are escaped there."""
    values = [float(value or 0) for _label, value in rows]
    top = max(values) if values else 0
    bars = []
    for index, (label, value) in enumerate(rows):
        width = 0 if not top else (float(value or 0) / top) * (CHART_WIDTH - LABEL_WIDTH - 90)
        bars.append(
            {
                "label": str(label),
                "value": value,
                "width": round(width, 1),
                "y": index * (BAR_HEIGHT + 8),
                "text_y": index * (BAR_HEIGHT + 8) + BAR_HEIGHT * 0.68,
                "value_x": round(LABEL_WIDTH + width + 6, 1),
            }
        )
    return {
        "bars": bars,
        "height": max(len(rows), 1) * (BAR_HEIGHT + 8),
        "width": CHART_WIDTH,
        "label_width": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
        "title_id": title_id,
        "unit": unit,
    }


def figures(call):
    funnel_rows = funnel(call)
    outcome_rows = outcomes(call)
    departement_rows = departements(call)
    duration_rows = median_days(call)
    return {
        "funnel": funnel_rows,
        "funnel_chart": bar_chart(
            [(stage.staff_name, count) for stage, count in funnel_rows], title_id="titre-entonnoir"
        ),
        "outcomes": outcome_rows,
        "outcomes_chart": bar_chart(outcome_rows, title_id="titre-issues"),
        "departements": departement_rows,
        "departements_chart": bar_chart(
            [(row["label"], row["count"]) for row in departement_rows],
            title_id="titre-departements",
        ),
        "amounts": amounts(call),
        "durations": duration_rows,
        "durations_chart": bar_chart(
            [(stage.staff_name, days or 0) for stage, days, _n in duration_rows],
            title_id="titre-durees",
        ),
    }


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
