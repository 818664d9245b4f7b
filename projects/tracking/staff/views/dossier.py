"""The staff dossier page and its actions.

Every POST of the page is one row of ``ACTIONS``, served by ``DossierAction``: staff only,
the row's extra permission, the form (a refused one is shown again, bound, with a 400), the
service call (a refusal of the workflow or a service becomes a French message), then the
redirect back to the page's section with the success message."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_GET, require_POST

from labo.core import ical
from labo.permissions import can, require

from ... import workflow
from ...files import private_file_response
from ...models import Application, ApplicationDocument, CallStage, Meeting, Review, Visibility
from .. import meetings, selectors, services
from ..forms import (
    CommentForm,
    DecisionAnnulForm,
    DecisionCorrectionForm,
    DecisionForm,
    DocumentRequestForm,
    MeetingForm,
    MoveForm,
    OutcomeForm,
    RevertForm,
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


def _render_detail(request, pk, *, bound=None, status=200):
    """The page, with its forms blank or, after a refused POST, the one in ``bound``."""
    application = _dossier(pk)
    user = request.user
    summary = selectors.dossier_summary(application, user)
    move = can(user, "tracking.move", application)
    mine = summary["my_review"]
    stage_id = application.stage_id
    decision = summary.get("decision")
    previous = workflow.previous_stage(application)
    context = {
        **summary,
        "may_move": bool(move),
        "move_refusal": move.reason,
        # Why the next stage is not offered yet, one line per unmet condition of the stage.
        "move_blockers": workflow.unmet_guards(application) if move else [],
        "may_decide": bool(can(user, "tracking.decide", application)),
        "may_correct": decision is not None
        and bool(can(user, "tracking.correct_decision", application)),
        "may_revert": previous is not None
        and previous.kind != CallStage.Kind.DRAFT
        and not (previous.takes_decision and decision is not None)
        and bool(can(user, "tracking.revert", application)),
        "previous_stage": previous,
        "decision_stages": [stage.staff_name for stage in application.call.decision_stages()],
        "revert_form": RevertForm(initial={"expected_stage_id": stage_id}),
        "correction_form": DecisionCorrectionForm(
            instance=decision,
            application=application,
            initial={"expected_version": decision.version},
        )
        if decision is not None
        else None,
        "annul_form": DecisionAnnulForm(initial={"expected_version": decision.version})
        if decision is not None
        else None,
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
            application=application,
            initial={"expected_stage_id": stage_id, "amount_granted": application.amount_requested},
        ),
        "review_form": ReviewForm(criteria=summary["criteria"], review=mine)
        if mine is not None and not mine.is_submitted
        else None,
        "draft_kind": CallStage.Kind.DRAFT,
        "shared": Visibility.SHARED,
        **(bound or {}),
    }
    return render(request, "tracking/staff/application_detail.html", context, status=status)


# --- the actions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Submission:
    """An accepted POST, as an action's service call receives it."""

    request: HttpRequest
    application: Application
    form: forms.BaseForm | None
    target: Any  # the review or meeting named by the URL, if any

    @property
    def user(self):
        return self.request.user

    @property
    def data(self) -> dict:
        return self.form.cleaned_data if self.form is not None else {}


@dataclass(frozen=True)
class Action:
    """One POST action of the dossier page, a row of ``ACTIONS``. Its columns:

    ``form``
        The form class the POST is validated with (None: a button without fields).
    ``form_name``
        The form's name in the dossier page's context (or its own page's): a refused form is
        shown there again, bound, with its errors and what was typed (400).
    ``call``
        The service call, given the ``Submission``; it returns what ``message`` needs. The
        services and the workflow check the permission rule again, the dossier's stage
        against the form's ``expected_stage_id`` (a stale click) and the dossier's state;
        their ``TransitionRefused`` becomes the French error message, and the redirect stays.
    ``message``
        The French success message: a text, or a function of (submission, call's result).
    ``anchor``
        The page's section the redirect goes back to.
    ``target``
        Finds the object the URL names besides the dossier (a review, a meeting) among this
        dossier's, 404 otherwise; given the dossier and the URL's other arguments.
    ``permission``
        A rule of ``labo.permissions`` checked on the target (or the dossier) before the form
        is read: 403 with its reason. (Every action is also behind ``staff_required``.)
    ``form_kwargs``
        The form's other arguments, from (dossier, target).
    ``page``
        The action's own page, given (request, dossier, target, form, status): a refused form
        is shown again there (400) instead of on the dossier page.
    """

    form: type[forms.BaseForm] | None
    form_name: str
    call: Callable[[Submission], Any]
    message: str | Promise | Callable[[Submission, Any], str]
    anchor: str = ""
    target: Callable[..., Any] | None = None
    permission: str = ""
    form_kwargs: Callable[[Application, Any], dict] | None = None
    page: Callable[..., HttpResponse] | None = None


def _move(s: Submission):
    to_stage = CallStage.objects.filter(call=s.application.call, pk=s.data["to_stage_id"]).first()
    if to_stage is None:
        raise workflow.TransitionRefused(_("Cette étape n'existe pas pour cet appel."))
    workflow.move(
        s.application,
        to_stage=to_stage,
        user=s.user,
        expected_stage_id=s.data["expected_stage_id"],
        comment=s.data["comment"],
        visibility=s.data["visibility"],
    )
    return to_stage


def _moved(s: Submission, to_stage) -> str:
    return _("Le dossier est passé à l'étape « %(stage)s ».") % {"stage": to_stage.staff_name}


def _close(s: Submission):
    return workflow.set_outcome(s.application, user=s.user, **s.data)


def _closed(s: Submission, _result) -> str:
    label = dict(s.form.fields["outcome"].choices)[s.data["outcome"]]
    return _("Le dossier est clos : %(outcome)s.") % {"outcome": label.lower()}


def _decide(s: Submission):
    data = dict(s.data)
    return workflow.record_decision(
        s.application,
        user=s.user,
        expected_stage_id=data.pop("expected_stage_id"),
        snapshot=services.decision_snapshot(s.application),
        **data,
    )


def _correct(s: Submission):
    data = dict(s.data)
    return workflow.correct_decision(
        s.application,
        user=s.user,
        expected_version=data.pop("expected_version"),
        reason=data.pop("reason"),
        **data,
    )


def _review(application, review_pk):
    return get_object_or_404(
        Review.objects.prefetch_related("scores"), pk=review_pk, application=application
    )


def _save_review(s: Submission):
    return services.save_review(
        s.target,
        s.user,
        scores=s.form.scores(),
        recommendation=s.data["recommendation"],
        comment=s.data["comment"],
        submit="submit" in s.request.POST,
    )


def _review_saved(s: Submission, _review) -> str:
    if "submit" in s.request.POST:
        return _("Votre avis est soumis.")
    return _("Votre avis est enregistré (brouillon).")


def _meeting(application, meeting_pk):
    return get_object_or_404(
        Meeting.objects.select_related("application").prefetch_related("participants"),
        pk=meeting_pk,
        application=application,
    )


def _save_meeting(s: Submission):
    return meetings.save_meeting(s.form.save(commit=False), s.user, s.data["participants"])


def _meeting_form(application, meeting):
    return {"instance": meeting or Meeting(application=application), "application": application}


def _meeting_page(request, application, meeting, form, status=200):
    context = {"application": application, "meeting": meeting, "form": form}
    return render(request, "tracking/staff/meeting_form.html", context, status=status)


ACTIONS: dict[str, Action] = {
    "move": Action(MoveForm, "move_form", _move, _moved, "etape"),
    "outcome": Action(OutcomeForm, "outcome_form", _close, _closed, "etape"),
    "comment": Action(
        CommentForm,
        "comment_form",
        lambda s: services.add_comment(s.application, s.user, s.data["body"], s.data["visibility"]),
        gettext_lazy("Commentaire ajouté."),
        "commentaires",
    ),
    "request_document": Action(
        DocumentRequestForm,
        "document_request_form",
        lambda s: services.request_document(s.application, s.user, **s.data),
        gettext_lazy("La demande de pièce est envoyée au candidat."),
        "pieces",
    ),
    "staff_in_charge": Action(
        StaffInChargeForm,
        "staff_form",
        lambda s: services.set_staff_in_charge(s.application, s.user, s.data["staff_in_charge"]),
        gettext_lazy("Chargé de suivi enregistré."),
    ),
    "reviewers": Action(
        ReviewersForm,
        "reviewers_form",
        lambda s: services.assign_reviewers(s.application, s.user, s.data["reviewers"]),
        gettext_lazy("Instructeurs sollicités."),
        "avis",
    ),
    "review": Action(
        ReviewForm,
        "review_form",
        _save_review,
        _review_saved,
        "avis",
        target=_review,
        permission="tracking.review",
        form_kwargs=lambda application, review: {
            "criteria": application.call.ordered_criteria(),
            "review": review,
        },
    ),
    "meeting_add": Action(
        MeetingForm,
        "meeting_form",
        _save_meeting,
        gettext_lazy("Réunion enregistrée."),
        "reunions",
        form_kwargs=_meeting_form,
    ),
    "meeting": Action(
        MeetingForm,
        "form",
        _save_meeting,
        gettext_lazy("Réunion enregistrée."),
        "reunions",
        target=_meeting,
        form_kwargs=_meeting_form,
        page=_meeting_page,
    ),
    "meeting_invite": Action(
        None,
        "",
        lambda s: meetings.send_invitations(s.target, s.user),
        lambda s, count: _("Invitations envoyées : %(count)s.") % {"count": count},
        "reunions",
        target=_meeting,
    ),
    "decision": Action(
        DecisionForm,
        "decision_form",
        _decide,
        gettext_lazy("Décision enregistrée ; le candidat est prévenu."),
        "decision",
        form_kwargs=lambda application, _target: {"application": application},
    ),
    "decision_correct": Action(
        DecisionCorrectionForm,
        "correction_form",
        _correct,
        gettext_lazy("Décision corrigée ; le candidat est prévenu."),
        "decision",
        permission="tracking.correct_decision",
        form_kwargs=lambda application, _target: {
            "application": application,
            "instance": getattr(application, "decision", None),
        },
    ),
    "decision_annul": Action(
        DecisionAnnulForm,
        "annul_form",
        lambda s: workflow.annul_decision(s.application, user=s.user, **s.data),
        gettext_lazy("Décision annulée ; le candidat est prévenu."),
        "decision",
        permission="tracking.correct_decision",
    ),
    "revert": Action(
        RevertForm,
        "revert_form",
        lambda s: workflow.revert(s.application, user=s.user, **s.data),
        gettext_lazy("Le dossier est revenu à l'étape précédente ; le candidat est prévenu."),
        "etape",
        permission="tracking.revert",
    ),
}


@method_decorator([require_POST, staff_required], name="dispatch")
class DossierAction(View):
    """A POST action of the dossier page, as its row of ``ACTIONS`` (``action``) says."""

    action: Action | None = None

    def post(self, request, pk, **url_kwargs) -> HttpResponse:
        action = self.action
        application = _application(pk)
        target = action.target(application, **url_kwargs) if action.target else None
        if action.permission:
            require(request.user, action.permission, application if target is None else target)
        form = None
        if action.form is not None:
            extra = action.form_kwargs(application, target) if action.form_kwargs else {}
            form = action.form(request.POST, **extra)
            if not form.is_valid():
                return self.refused(application, target, form)
        submission = Submission(request, application, form, target)
        try:
            result = action.call(submission)
        except workflow.TransitionRefused as refusal:
            messages.error(request, refusal.message)
        else:
            message = action.message
            messages.success(request, message(submission, result) if callable(message) else message)
        return _back(application, action.anchor)

    def refused(self, application, target, form) -> HttpResponse:
        """The refused form shown again, bound: its errors at the fields and nothing the staff
        member typed lost (a redirect would drop both)."""
        if self.action.page:
            return self.action.page(self.request, application, target, form, status=400)
        messages.error(
            self.request, _("Le formulaire contient des erreurs : corrigez les champs signalés.")
        )
        return _render_detail(
            self.request, application.pk, bound={self.action.form_name: form}, status=400
        )


def action_view(name: str):
    """The view of ``ACTIONS[name]``, for staff/urls.py."""
    return DossierAction.as_view(action=ACTIONS[name])


_edit_meeting = action_view("meeting")


@staff_required
def meeting_edit(request, pk, meeting_pk):
    """The meeting's own page; its form posts here (``ACTIONS["meeting"]``)."""
    if request.method == "POST":
        return _edit_meeting(request, pk=pk, meeting_pk=meeting_pk)
    application = _application(pk)
    meeting = get_object_or_404(Meeting, pk=meeting_pk, application=application)
    return _meeting_page(
        request, application, meeting, MeetingForm(instance=meeting, application=application)
    )


@require_GET
@staff_required
def meeting_ics(request, pk, meeting_pk):
    application = _application(pk)
    meeting = _meeting(application, meeting_pk)
    return ical.response(meetings.invitation_calendar(meeting), f"reunion-{meeting.pk}.ics")


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
    # Imported by the first PDF asked, not by every process: reportlab takes 0.3 s to load.
    from ..pdf import dossier_pdf

    application = _dossier(pk)
    response = HttpResponse(dossier_pdf(application, request.user), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="dossier-{application.reference or application.pk}.pdf"'
    )
    return response
