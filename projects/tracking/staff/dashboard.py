"""« Instruction des dossiers » in Mon espace, for CRESS and Region staff: what waits for
them today, in three counts and links to the staff pages."""

from django.db.models import Count, Q
from django.utils import timezone

from labo.permissions import can

from ..models import Application, CallStage, Review


def dashboard_context(request):
    user = request.user
    if not user.is_authenticated or not can(user, "tracking.staff", None):
        return None
    now = timezone.now()
    counts = Application.objects.submitted().aggregate(
        in_progress=Count("pk", filter=Q(outcome="") & ~Q(stage__kind=CallStage.Kind.FINAL)),
        overdue=Count(
            "pk",
            filter=Q(outcome="", stage_due_at__lt=now) & ~Q(stage__kind=CallStage.Kind.FINAL),
        ),
        mine=Count("pk", filter=Q(outcome="", staff_in_charge=user)),
    )
    counts["reviews_to_write"] = Review.objects.filter(
        reviewer=user, submitted_at__isnull=True, application__outcome=""
    ).count()
    return counts
