"""The staff dossier page and its actions (each a small POST view redirecting back to the
page, with a French message when the workflow refuses)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from labo.core import ical
from labo.permissions import can, require

from ... import workflow
from ...files import private_file_response
from ...models import Application, ApplicationDocument, CallStage, Meeting, Review, Visibility
from .. import meetings, selectors, services
from ..forms import (
    CommentForm,
    DecisionForm,
    DocumentRequestForm,
    MeetingForm,
    MoveForm,
    OutcomeForm,
    ReviewersForm,
    ReviewForm,
    StaffInChargeForm,
)
from .common import staff_required


def _dossier(pk):
    try:
        return selectors.dossier(pk)
    except Application.DoesNotExist as error:
        raise Http404(_("Ce dossier n'existe pas.")) from error


def _application(pk):
    return get_object_or_404(
        Application.objects.submitted().select_related("call__scheme", "stage"), pk=pk
    )


def _back(application, anchor=""):
    url = reverse("tracking_staff:detail", args=[application.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


@require_GET
@staff_required
def application_detail(request, pk):
    return _render_detail(request, pk)


def _invalid(request, application, form_name, form):
    """A refused form is shown again in the page, bound: its errors at the fields and
    nothing the staff member typed lost (a redirect would drop both)."""
    messages.error(request, _("Le formulaire contient des erreurs : corrigez les champs signalés."))
    return _render_detail(request, application.pk, bound={form_name: form}, status=400)


def _render_detail(request, pk, *, bound=None, status=200):
    """The page, with its forms blank or, after a refused POST, the one in ``bound``."""
    application = _dossier(pk)
    user = request.user
    summary = selectors.dossier_summary(application, user)
    move = can(user, "tracking.move", application)
    mine = summary["my_review"]
    stage_id = application.stage_id
    context = {
        **summary,
        "may_move": bool(move),
        "move_refusal": move.reason,
        "may_decide": bool(can(user, "tracking.decide", application)),
        "comments": list(application.comments.all()),
        "document_requests": list(application.document_requests.all()),
        "all_reviews": list(application.reviews.all()),
        "move_form": MoveForm(
            initial={
                "expected_stage_id": stage_id,
                "to_stage_id": getattr(summary["next_stage"], "pk", ""),
            }
        ),
        "outcome_form": OutcomeForm(initial={"expected_stage_id": stage_id}),
        "comment_form": CommentForm(),
        "document_request_form": DocumentRequestForm(),
        "staff_form": StaffInChargeForm(
            initial={"staff_in_charge": application.staff_in_charge_id}
        ),
        "reviewers_form": ReviewersForm(),
        "meeting_form": MeetingForm(application=application),
        "decision_form": DecisionForm(
            initial={"expected_stage_id": stage_id, "amount_granted": application.amount_requested}
        ),
        "review_form": ReviewForm(criteria=summary["criteria"], review=mine)
        if mine is not None and not mine.is_submitted
        else None,
        "draft_kind": CallStage.Kind.DRAFT,
        "shared": Visibility.SHARED,
        **(bound or {}),
    }
    return render(request, "tracking/staff/application_detail.html", context, status=status)


def _run(request, application, func, success, anchor=""):
    try:
        func()
    except workflow.TransitionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, success)
    return _back(application, anchor)


@require_POST
@staff_required
def application_move(request, pk):
    application = _application(pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _invalid(request, application, "move_form", form)
    to_stage = CallStage.objects.filter(
        call=application.call, pk=form.cleaned_data["to_stage_id"]
    ).first()
    if to_stage is None:
        messages.error(request, _("Cette étape n'existe pas pour cet appel."))
        return _back(application, "etape")
    return _run(
        request,
        application,
        lambda: workflow.move(
            application,
            to_stage=to_stage,
            user=request.user,
            expected_stage_id=form.cleaned_data["expected_stage_id"],
            comment=form.cleaned_data["comment"],
            visibility=form.cleaned_data["visibility"],
        ),
        _("Le dossier est passé à l'étape « %(stage)s ».") % {"stage": to_stage.staff_name},
        "etape",
    )


@require_POST
@staff_required
def application_outcome(request, pk):
    application = _application(pk)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        return _invalid(request, application, "outcome_form", form)
    data = form.cleaned_data
    return _run(
        request,
        application,
        lambda: workflow.set_outcome(
            application,
            outcome=data["outcome"],
            user=request.user,
            expected_stage_id=data["expected_stage_id"],
            comment=data["comment"],
            visibility=data["visibility"],
            redirected_to=data["redirected_to"],
            redirected_to_detail=data["redirected_to_detail"],
        ),
        _("Le dossier est clos : %(outcome)s.")
        % {"outcome": dict(form.fields["outcome"].choices)[data["outcome"]].lower()},
        "etape",
    )


@require_POST
@staff_required
def application_comment(request, pk):
    application = _application(pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _invalid(request, application, "comment_form", form)
    return _run(
        request,
        application,
        lambda: services.add_comment(
            application, request.user, form.cleaned_data["body"], form.cleaned_data["visibility"]
        ),
        _("Commentaire ajouté."),
        "commentaires",
    )


@require_POST
@staff_required
def application_request_document(request, pk):
    application = _application(pk)
    form = DocumentRequestForm(request.POST)
    if not form.is_valid():
        return _invalid(request, application, "document_request_form", form)
    return _run(
        request,
        application,
        lambda: services.request_document(application, request.user, **form.cleaned_data),
        _("La demande de pièce est envoyée au candidat."),
        "pieces",
    )


@require_POST
@staff_required
def application_staff(request, pk):
    application = _application(pk)
    form = StaffInChargeForm(request.POST)
    if not form.is_valid():
        return _invalid(request, application, "staff_form", form)
    return _run(
        request,
        application,
        lambda: services.set_staff_in_charge(
            application, request.user, form.cleaned_data["staff_in_charge"]
        ),
        _("Chargé de suivi enregistré."),
    )


@require_POST
@staff_required
def application_reviewers(request, pk):
    application = _application(pk)
    form = ReviewersForm(request.POST)
    if not form.is_valid():
        return _invalid(request, application, "reviewers_form", form)
    return _run(
        request,
        application,
        lambda: services.assign_reviewers(
            application, request.user, form.cleaned_data["reviewers"]
        ),
        _("Instructeurs sollicités."),
        "avis",
    )


@require_POST
@staff_required
def review_edit(request, pk, review_pk):
    application = _application(pk)
    review = get_object_or_404(
        Review.objects.prefetch_related("scores"), pk=review_pk, application=application
    )
    require(request.user, "tracking.review", review)
    form = ReviewForm(request.POST, criteria=application.call.ordered_criteria(), review=review)
    if not form.is_valid():
        return _invalid(request, application, "review_form", form)
    submit = "submit" in request.POST
    return _run(
        request,
        application,
        lambda: services.save_review(
            review,
            request.user,
            scores=form.scores(),
            recommendation=form.cleaned_data["recommendation"],
            comment=form.cleaned_data["comment"],
            submit=submit,
        ),
        _("Votre avis est soumis.") if submit else _("Votre avis est enregistré (brouillon)."),
        "avis",
    )


@require_POST
@staff_required
def meeting_save(request, pk, meeting_pk=None):
    application = _application(pk)
    meeting = (
        get_object_or_404(Meeting, pk=meeting_pk, application=application)
        if meeting_pk
        else Meeting(application=application)
    )
    form = MeetingForm(request.POST, instance=meeting, application=application)
    if not form.is_valid():
        if meeting_pk:
            return render(
                request,
                "tracking/staff/meeting_form.html",
                {"application": application, "meeting": meeting, "form": form},
                status=400,
            )
        return _invalid(request, application, "meeting_form", form)
    instance = form.save(commit=False)
    return _run(
        request,
        application,
        lambda: meetings.save_meeting(instance, request.user, form.cleaned_data["participants"]),
        _("Réunion enregistrée."),
        "reunions",
    )


@staff_required
def meeting_edit(request, pk, meeting_pk):
    if request.method == "POST":
        return meeting_save(request, pk, meeting_pk)
    application = _application(pk)
    meeting = get_object_or_404(Meeting, pk=meeting_pk, application=application)
    form = MeetingForm(instance=meeting, application=application)
    return render(
        request,
        "tracking/staff/meeting_form.html",
        {"application": application, "meeting": meeting, "form": form},
    )


@require_POST
@staff_required
def meeting_invite(request, pk, meeting_pk):
    application = _application(pk)
    meeting = get_object_or_404(
        Meeting.objects.select_related("application").prefetch_related("participants"),
        pk=meeting_pk,
        application=application,
    )
    try:
        count = meetings.send_invitations(meeting, request.user)
    except workflow.TransitionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Invitations envoyées : %(count)s.") % {"count": count})
    return _back(application, "reunions")


@require_GET
@staff_required
def meeting_ics(request, pk, meeting_pk):
    application = _application(pk)
    meeting = get_object_or_404(
        Meeting.objects.select_related("application").prefetch_related("participants"),
        pk=meeting_pk,
        application=application,
    )
    return ical.response(meetings.invitation_calendar(meeting), f"reunion-{meeting.pk}.ics")


@require_POST
@staff_required
def application_decision(request, pk):
    application = _application(pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _invalid(request, application, "decision_form", form)
    data = dict(form.cleaned_data)
    expected = data.pop("expected_stage_id")
    return _run(
        request,
        application,
        lambda: workflow.record_decision(
            application,
            user=request.user,
            expected_stage_id=expected,
            snapshot=services.decision_snapshot(application),
            **data,
        ),
        _("Décision enregistrée ; le candidat est prévenu."),
        "decision",
    )


@require_GET
@staff_required
def document_download(request, pk, token):
    """Staff download of a dossier's file (private storage, permission-checked)."""
    document = get_object_or_404(
        ApplicationDocument.objects.select_related("application__stage"),
        application_id=pk,
        token=token,
    )
    decision = can(request.user, "tracking.download", document)
    if not decision:
        raise Http404(decision.reason)
    return private_file_response(document)


@require_GET
@staff_required
def application_pdf(request, pk):
    from ..pdf import dossier_pdf

    application = _dossier(pk)
    from django.http import HttpResponse

    response = HttpResponse(dossier_pdf(application, request.user), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="dossier-{application.reference or application.pk}.pdf"'
    )
    return response
