"""Statistics page: per call (edition, hence year), the funnel, outcomes, départements,
amounts and durations, each as an SVG chart with its table; XLSX export."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from labo.core.spreadsheets import xlsx_response

from ...models import Call
from .. import stats
from .common import staff_required


def _call(request, calls):
    wanted = request.GET.get("appel")
    for call in calls:
        if str(call.pk) == wanted:
            return call
    return calls[0] if calls else None


@require_GET
@staff_required
def statistics(request):
    calls = list(Call.objects.select_related("scheme").prefetch_related("stages"))
    call = _call(request, calls)
    context = {"calls": calls, "call": call, "staff_section": "stats"}
    if call is not None:
        context.update(stats.figures(call))
    return render(request, "tracking/staff/statistics.html", context)


@require_GET
@staff_required
def statistics_export(request):
    calls = list(Call.objects.select_related("scheme").prefetch_related("stages"))
    call = _call(request, calls)
    if call is None:
        return HttpResponse(_("Aucun appel."), status=404)
    return xlsx_response(
        stats.xlsx(call), f"statistiques-{call.scheme.short_name}-{call.year}.xlsx"
    )
