"""Reads of the staff pages: the listing's queryset (one query whatever the page size), the
counts per stage, the board columns and what a dossier page shows."""

from collections import OrderedDict

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q

from labo.accounts import roles

from .. import workflow
from ..models import (
    Application,
    Call,
    CallStage,
    Comment,
    CriterionAnswer,
    Decision,
    DecisionReading,
    HistoryEntry,
    Meeting,
    Review,
    ReviewScore,
)
from .services import comparison, reviewing_blind, visible_history, visible_reviews


def listing_queryset():
    """Submitted dossiers with what a listing row or a board card shows, in one query. The
    project's title is read as a column (building thousands of Wagtail page instances is
    slow); review counts come separately (``attach_review_counts``): an aggregate here would
    make every count and filter of the listing group by all columns."""
    return (
        Application.objects.submitted()
        .select_related("stage", "organisation", "staff_in_charge")
        .annotate(project_title=F("project__title"))
    )


def review_counts(application_ids) -> dict[int, tuple[int, int]]:
    """{application id: (submitted reviews, assigned reviews)} in one query."""
    rows = (
        Review.objects.filter(application_id__in=application_ids)
        .order_by()
        .values("application_id")
        .annotate(
            total=Count("pk"),
            submitted=Count("pk", filter=Q(submitted_at__isnull=False)),
        )
    )
    return {row["application_id"]: (row["submitted"], row["total"]) for row in rows}


def attach_review_counts(applications, counts=None):
    applications = list(applications)
    if counts is None:
        counts = review_counts([application.pk for application in applications])
    for application in applications:
        submitted, total = counts.get(application.pk, (0, 0))
        application.submitted_review_count = submitted
        application.review_count = total
    return applications


def unread_decisions(queryset, cutoff):
    """The dossiers whose decision no one of the team has opened yet, although they were told
    of it (or of its last correction) before ``cutoff``."""
    read = DecisionReading.objects.filter(
        decision=OuterRef("decision"), version=OuterRef("decision__version")
    )
    corrected_since = HistoryEntry.objects.filter(
        application=OuterRef("pk"),
        kind=HistoryEntry.Kind.DECISION_CORRECTED,
        created_at__gte=cutoff,
    )
    return (
        queryset.filter(decision__created_at__lt=cutoff)
        .exclude(Exists(read))
        .exclude(Exists(corrected_since))
    )


def attach_decision_reads(applications):
    """Sets ``decision_unread`` on each dossier of a listing page, in one query: True while
    the team has not opened its decision's current version, None without a decision."""
    applications = list(applications)
    read = DecisionReading.objects.filter(decision=OuterRef("pk"), version=OuterRef("version"))
    reads = dict(
        Decision.objects.filter(application__in=applications)
        .annotate(read=Exists(read))
        .values_list("application_id", "read")
    )
    for application in applications:
        is_read = reads.get(application.pk)
        application.decision_unread = None if is_read is None else not is_read
    return applications


def staff_users():
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__name__in=roles.STAFF_ROLES) | Q(is_superuser=True))
        .distinct()
        .order_by("display_name", "email")
    )


def reviewer_users():
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__name__in=[roles.INSTRUCTEUR, roles.ADMINISTRATEUR]))
        .distinct()
        .order_by("display_name", "email")
    )


def stage_counts(queryset):
    """[(code, staff name, count)] in pipeline order, plus closed dossiers by outcome."""
    rows = (
        queryset.order_by()
        .values("stage__code", "stage__staff_name", "stage__sort_order", "outcome")
        .annotate(total=Count("pk", distinct=True))
    )
    stages: OrderedDict = OrderedDict()
    outcomes: dict = {}
    for row in sorted(rows, key=lambda r: (r["stage__sort_order"] or 0, r["stage__code"])):
        if row["outcome"]:
            outcomes[row["outcome"]] = outcomes.get(row["outcome"], 0) + row["total"]
            continue
        code = row["stage__code"]
        if code not in stages:
            stages[code] = {"code": code, "name": row["stage__staff_name"], "count": 0}
        stages[code]["count"] += row["total"]
    return list(stages.values()), outcomes


def board_columns(call: Call, queryset):
    """One column per stage of ``call`` (after the draft) with its dossiers in progress."""
    stages = [stage for stage in call.ordered_stages() if stage.kind != CallStage.Kind.DRAFT]
    by_stage = {stage.pk: [] for stage in stages}
    for application in queryset.filter(call=call, outcome=""):
        by_stage.setdefault(application.stage_id, []).append(application)
    return [{"stage": stage, "applications": by_stage.get(stage.pk, [])} for stage in stages]


def dossier(pk):
    """The dossier page's application, its related rows prefetched in a fixed number of
    queries."""
    reviews = Review.objects.select_related("reviewer").prefetch_related(
        Prefetch("scores", queryset=ReviewScore.objects.select_related("criterion"))
    )
    return (
        Application.objects.submitted()
        .select_related(
            "call__scheme",
            "stage",
            "organisation",
            "project",
            "staff_in_charge",
            "redirected_to",
            "created_by",
            "decision__decided_by",
        )
        .prefetch_related(
            "call__stages",
            "call__criteria",
            "call__required_documents",
            Prefetch(
                "criterion_answers",
                queryset=CriterionAnswer.objects.select_related("criterion").order_by(
                    "criterion__sort_order"
                ),
            ),
            "budget_lines",
            "documents__required_document",
            Prefetch(
                "history",
                queryset=HistoryEntry.objects.select_related("actor", "from_stage", "to_stage"),
            ),
            Prefetch("comments", queryset=Comment.objects.select_related("author")),
            "document_requests",
            Prefetch(
                "meetings",
                queryset=Meeting.objects.prefetch_related("participants"),
            ),
            Prefetch("reviews", queryset=reviews),
            Prefetch(
                "decision_readings", queryset=DecisionReading.objects.select_related("reader")
            ),
        )
        .get(pk=pk)
    )


def dossier_summary(application, user) -> dict:
    """What the dossier page and the committee PDF both show of ``application`` (as read by
    ``dossier(pk)``, without further queries) to ``user``, under their names in the
    templates' context:

    - ``application``, its ``stages`` in pipeline order and its ``next_stage`` (None once
      closed; ``workflow.next_stage`` is the rule moves obey);
    - ``answers`` to the ``criteria``; the ``budget`` lines in their order, split into
      ``expenses`` and ``resources`` with ``expense_total`` and ``resource_total``;
    - ``documents`` (staff-only ones too) and ``shared_documents`` (what the team sent);
    - ``meetings``; the ``history`` as ``user`` may read it (``visible_history``);
    - the reviews through the one visibility rule (``visible_reviews``): ``my_review``, the
      ``reviews`` ``user`` may read, their ``comparison`` per criterion, and ``blind`` while
      ``user``'s own review is a draft of a blind call;
    - the ``decision`` or None, its ``decision_reading`` (the team's first reading of its
      current version, or None) and ``earlier_reading`` (the last one of a version it
      replaced).

    The page adds its working notes (comments, document requests, every assigned review);
    the PDF leaves out what the committee does not receive (see ``pdf.py``)."""
    mine, readable = visible_reviews(application, user)
    criteria = application.call.ordered_criteria()
    budget = list(application.budget_lines.all())
    expenses = [line for line in budget if line.side == line.Side.EXPENSE]
    resources = [line for line in budget if line.side == line.Side.RESOURCE]
    documents = list(application.documents.all())
    decision = application.current_decision()
    return {
        "application": application,
        "stages": application.call.ordered_stages(),
        "next_stage": None if application.is_closed else workflow.next_stage(application),
        "criteria": criteria,
        "answers": list(application.criterion_answers.all()),
        "budget": budget,
        "expenses": expenses,
        "resources": resources,
        "expense_total": sum((line.amount for line in expenses), 0),
        "resource_total": sum((line.amount for line in resources), 0),
        "documents": documents,
        "shared_documents": [document for document in documents if not document.staff_only],
        "meetings": list(application.meetings.all()),
        "history": visible_history(application, user),
        "my_review": mine,
        "reviews": readable,
        "comparison": comparison(criteria, readable),
        "blind": reviewing_blind(application, mine),
        "decision": decision,
        **_readings(decision, list(application.decision_readings.all())),
    }


def _readings(decision, readings) -> dict:
    of_decision = [r for r in readings if decision is not None and r.decision_id == decision.pk]
    current = [r for r in of_decision if r.version == decision.version]
    earlier = [r for r in of_decision if r.version < decision.version]
    return {
        "decision_reading": current[0] if current else None,
        "earlier_reading": max(earlier, key=lambda r: r.version, default=None),
    }
