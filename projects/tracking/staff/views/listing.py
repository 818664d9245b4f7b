"""The listing of dossiers (filters, counts per stage, pagination), its exports and the
board by stage."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ...models import Call, Outcome
from ..exports import csv_export, xlsx_export
from ..filters import ApplicationFilter
from ..selectors import (
    attach_decision_reads,
    attach_review_counts,
    board_columns,
    listing_queryset,
    stage_counts,
)
from .common import staff_required

PAGE_SIZE = 50


def _filtered(request):
    return ApplicationFilter(request.GET or None, queryset=listing_queryset())


@require_GET
@staff_required
def application_list(request):
    application_filter = _filtered(request)
    queryset = application_filter.qs
    page_obj = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    stages, outcomes = stage_counts(queryset)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "tracking/staff/application_list.html",
        {
            "filter": application_filter,
            "page_obj": page_obj,
            "applications": attach_decision_reads(attach_review_counts(page_obj.object_list)),
            "stage_counts": stages,
            "outcome_counts": [
                (Outcome(code).label, count) for code, count in sorted(outcomes.items())
            ],
            "filter_query": query.urlencode(),
            "staff_section": "list",
        },
    )


@require_GET
@staff_required
def application_export(request, fmt):
    queryset = _filtered(request).qs
    if fmt == "xlsx":
        return xlsx_export(queryset)
    return csv_export(queryset)


@require_GET
@staff_required
def board(request):
    application_filter = _filtered(request)
    calls = list(Call.objects.select_related("scheme").prefetch_related("stages"))
    call = None
    if application_filter.form.is_valid():
        call = application_filter.form.cleaned_data.get("call")
    if call is None and calls:
        call = calls[0]
    else:
        call = next((c for c in calls if call and c.pk == call.pk), call)
    columns = board_columns(call, application_filter.qs) if call else []
    query = request.GET.copy()
    return render(
        request,
        "tracking/staff/board.html",
        {
            "filter": application_filter,
            "call": call,
            "columns": columns,
            "query": query.urlencode(),
            "staff_section": "board",
        },
    )
