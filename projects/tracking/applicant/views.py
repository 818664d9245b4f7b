"""The applicant's pages: my dossiers, starting a dossier from a call, the multi-step form
with its autosave, submission, the dossier page, answers to document requests, withdrawal,
late acceptance by CRESS, and the permission-checked downloads of private files, of the
receipt of a deposit and of the notification of the decision.

Every view answers 404 for a dossier or a file the user may not see, so their existence does
not leak (``labo.permissions.can`` decides). A POST arriving after the session expired is kept
server-side and replayed once the same browser has logged in again (``_stash``/``_replay``).
"""

import json
import secrets
import time

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.db import OperationalError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from labo.permissions import can
from projects.models import ProjectPage

from .. import workflow
from ..files import private_file_response
from ..models import (
    Application,
    ApplicationDocument,
    Call,
    CallStage,
    Comment,
    DocumentRequest,
    Outcome,
    Visibility,
)
from . import forms, outcome, services, steps

REPLAY_COOKIE = "tracking_reprise"
# Long enough to log back in the next morning, short enough not to keep strangers' text.
REPLAY_TTL = 60 * 60 * 24
# Far above the longest real step (the criteria: a few answers of 5,000 characters), far
# below what an anonymous POST may carry (2.5 MB): what is kept for a stranger is bounded.
REPLAY_MAX_BYTES = 200_000


def _application(request, pk, *related) -> Application:
    application = get_object_or_404(
        Application.objects.select_related(
            "call__scheme", "stage", "project", "organisation", *related
        ),
        pk=pk,
    )
    if not can(request.user, "tracking.view_application", application):
        raise Http404(_("Ce dossier n'existe pas ou ne vous est pas accessible."))
    return application


def _is_member(user, application) -> bool:
    from ..rules import is_team_member

    return is_team_member(user, application.project_id)


# --- lists ------------------------------------------------------------------------------


def my_applications_queryset(user):
    return (
        Application.objects.for_team_member(user)
        .with_applicant_status()
        .select_related("call__scheme", "stage", "project", "organisation")
        .annotate(
            open_requests=Count(
                "document_requests",
                filter=Q(document_requests__fulfilled_at=None),
                distinct=True,
            )
        )
        .distinct()
        .order_by("-created_at")
    )


def open_calls():
    return (
        Call.objects.open()
        .select_related("scheme", "page")
        .filter(page__live=True)
        .order_by("closes_at")
    )


def my_applications(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return render(
        request,
        "tracking/applicant/application_list.html",
        {
            "applications": list(my_applications_queryset(request.user)),
            "open_calls": list(open_calls()),
        },
    )


def dashboard_context(request):
    """« Mes dossiers » in Mon espace; hidden for users with no project and no dossier."""
    user = request.user
    if not user.is_authenticated:
        return None
    applications = list(my_applications_queryset(user)[:20])
    if not applications and not user.project_memberships.exists():
        return None
    return {"applications": applications, "open_calls": list(open_calls())}


def late_drafts(request):
    """Drafts left unsubmitted at the closing date, which CRESS may accept late."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can(request.user, "tracking.accept_late", None):
        raise Http404
    drafts = (
        Application.objects.filter(
            stage__kind=CallStage.Kind.DRAFT, outcome="", call__closes_at__lte=timezone.now()
        )
        .select_related("call__scheme", "project", "organisation")
        .order_by("-call__closes_at", "project__title")
    )
    return render(request, "tracking/applicant/late_drafts.html", {"applications": drafts})


# --- starting a dossier -------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def start(request, call_pk):
    call = get_object_or_404(Call.objects.select_related("scheme"), pk=call_pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    projects = list(
        ProjectPage.objects.filter(team__memberships__user=request.user)
        .distinct()
        .order_by("title")
    )
    existing = {
        application.project_id: application
        for application in Application.objects.filter(call=call, project__in=projects).exclude(
            outcome=Outcome.WITHDRAWN
        )
    }
    error = ""
    if request.method == "POST":
        project = next((p for p in projects if str(p.pk) == request.POST.get("project")), None)
        if project is None:
            error = _("Choisissez l'un de vos projets.")
        elif project.pk in existing:
            return redirect("tracking_applicant:detail", existing[project.pk].pk)
        else:
            try:
                application = workflow.create_draft(call, project, request.user)
            except workflow.TransitionRefused as refusal:
                error = refusal.message
            else:
                messages.success(
                    request,
                    _("Votre brouillon est créé : il est enregistré à chaque étape."),
                )
                return redirect("tracking_applicant:step", application.pk, "structure")
    return render(
        request,
        "tracking/applicant/start.html",
        {
            "call": call,
            "projects": [(project, existing.get(project.pk)) for project in projects],
            "error": error,
            "is_open": call.is_open(),
            "create_project_url": _create_project_url(),
        },
        status=400 if error else 200,
    )


def _create_project_url():
    from projects.models import ProjectIndexPage

    index = ProjectIndexPage.objects.live().first()
    return f"{index.url}creer/" if index else ""


# --- the multi-step form --------------------------------------------------------------------


def _stash(request, pk, slug):
    """Keep a POST that arrived without a session; only this browser can replay it (the
    token is both in the login's ``next`` and in a cookie). Anyone may POST here, so only the
    step of a draft dossier is kept, under a size cap and a rate limit per address
    (``ACCOUNT_RATE_LIMITS["tracking_stash"]``); the answer is the same either way, so it
    does not tell whether a dossier exists."""
    token = secrets.token_urlsafe(24)
    data = services.raw_data(request.POST)
    if (
        _is_draft_step(pk, slug)
        and len(json.dumps(data)) <= REPLAY_MAX_BYTES
        and ratelimit.consume(request, action="tracking_stash")
    ):
        cache.set(
            f"tracking:reprise:{token}",
            {"application": pk, "step": slug, "data": data},
            REPLAY_TTL,
        )
    target = reverse("tracking_applicant:step", args=[pk, slug]) + f"?reprise={token}"
    if request.htmx:
        # An autosave: say so in the status line rather than swap the login page into it.
        login_url = redirect_to_login(target)["Location"]
        response = render(
            request,
            "tracking/applicant/includes/autosave_status.html",
            {"session_expired": True, "login_url": login_url},
        )
    else:
        response = redirect_to_login(target)
    response.set_cookie(
        REPLAY_COOKIE,
        token,
        max_age=REPLAY_TTL,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


def _is_draft_step(pk, slug) -> bool:
    application = Application.objects.select_related("call", "stage").filter(pk=pk).first()
    return (
        application is not None
        and application.is_draft
        and not application.outcome
        and steps.find(application.call, slug) is not None
    )


def _replay(request, application, slug):
    token = request.GET.get("reprise", "")
    if not token or request.COOKIES.get(REPLAY_COOKIE) != token:
        return False
    key = f"tracking:reprise:{token}"
    stashed = cache.get(key)
    cache.delete(key)
    if not stashed or stashed["application"] != application.pk or stashed["step"] != slug:
        return False
    _save_step(application, slug, request.user, services.as_querydict(stashed["data"]))
    messages.success(
        request,
        _("Votre session avait expiré : ce que vous aviez saisi a été récupéré et enregistré."),
    )
    return True


def _save_step(application, slug, user, data, files=None, action=""):
    """``services.save_step`` (one transaction), tried again when SQLite reports its write
    lock taken: the htmx autosave of a field and the click that submits the page often
    arrive together. PostgreSQL never takes this path."""
    for attempt in range(5):
        try:
            return services.save_step(application, slug, user, data, files, action=action)
        except OperationalError as error:
            if "locked" not in str(error) or attempt == 4:
                raise
            time.sleep(0.2 * (attempt + 1))
            application.refresh_from_db()
    return None


def _steps_context(application, current):
    call_steps = steps.steps_for(application.call)
    slugs = [step.slug for step in call_steps]
    index = slugs.index(current)
    return {
        "steps": [
            {
                "step": step,
                "number": number,
                "url": reverse("tracking_applicant:step", args=[application.pk, step.slug]),
                "current": step.slug == current,
                "has_errors": step.slug in application.pending_input,
            }
            for number, step in enumerate(call_steps, start=1)
        ],
        "step_number": index + 1,
        "step_count": len(call_steps),
        "current_step": call_steps[index],
        "previous_step": call_steps[index - 1] if index else None,
        "next_step": call_steps[index + 1] if index + 1 < len(call_steps) else None,
    }


@require_http_methods(["GET", "POST"])
def step(request, pk, slug):
    if not request.user.is_authenticated:
        if request.method == "POST":
            return _stash(request, pk, slug)
        return redirect_to_login(request.get_full_path())
    application = _application(request, pk)
    decision = can(request.user, "tracking.edit_draft", application)
    if not decision:
        if _is_member(request.user, application):
            messages.info(request, decision.reason)
            return redirect("tracking_applicant:detail", application.pk)
        raise Http404
    current = steps.find(application.call, slug)
    if current is None:
        raise Http404
    replayed = request.method == "GET" and _replay(request, application, slug)
    if replayed:
        application.refresh_from_db()

    form = None
    if request.method == "POST":
        form, response = _post_step(request, application, current)
        if response is not None:
            return response
    if form is None:
        form = services.pending_form(application, slug, request.user)
    context = {
        "application": application,
        "call": application.call,
        "form": form,
        "step_version": services.step_version(application, slug),
        **_steps_context(application, slug),
        **current.context(application),
    }
    return render(
        request,
        "tracking/applicant/step.html",
        context,
        status=200,
    )


def _post_step(request, application, current):
    """Save the posted step: (the bound form, the response when the page is not shown
    again with it)."""
    slug = current.slug
    action = request.POST.get("action", "")
    form = _save_step(application, slug, request.user, request.POST, request.FILES, action=action)
    has_errors = slug in application.pending_input or bool(getattr(form, "errors", None))
    conflict = bool(getattr(form, "conflicts", None))
    if request.htmx and request.GET.get("autosave"):
        return form, render(
            request,
            "tracking/applicant/includes/autosave_status.html",
            {
                "saved_at": timezone.localtime(),
                "has_errors": has_errors,
                "conflict": conflict,
                # The page's fingerprint follows what it saved; after a conflict it stays
                # as it was, so the next autosave cannot quietly overwrite the other.
                "step_version": ("" if conflict else services.step_version(application, slug)),
            },
        )
    if not has_errors and action in ("next", "save"):
        following = steps.step_after(application.call, slug)
        if action == "next" and following is not None:
            return form, redirect("tracking_applicant:step", application.pk, following.slug)
        messages.success(request, _("Votre brouillon est enregistré."))
        return form, redirect("tracking_applicant:step", application.pk, slug)
    if has_errors and not request.htmx:
        messages.error(
            request,
            _(
                "Ce qui était correct est enregistré. Corrigez les champs signalés : "
                "votre saisie est conservée."
            ),
        )
    elif current.takes_files:
        # The files cannot be shown back: the page is shown again from what was stored.
        return form, redirect("tracking_applicant:step", application.pk, slug)
    return form, None


@require_POST
def delete_document(request, pk, token):
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("tracking_applicant:step", args=[pk, "pieces"]))
    application = _application(request, pk)
    document = get_object_or_404(ApplicationDocument, application=application, token=token)
    if not can(request.user, "tracking.edit_draft", application):
        raise Http404
    name = document.original_name
    services.delete_draft_document(document)
    messages.success(request, _("Le fichier « %(name)s » est retiré du dossier.") % {"name": name})
    return redirect("tracking_applicant:step", application.pk, "pieces")


@require_POST
def submit(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("tracking_applicant:step", args=[pk, "depot"]))
    application = _application(request, pk)
    if not can(request.user, "tracking.edit_draft", application):
        raise Http404
    try:
        application = services.submit(application, request.user, request=request)
    except services.Incomplete as incomplete:
        messages.error(
            request,
            _("Le dossier ne peut pas encore être déposé : %(count)s élément(s) manquent.")
            % {"count": len(incomplete.missing)},
        )
        return redirect("tracking_applicant:step", application.pk, "depot")
    except workflow.TransitionRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("tracking_applicant:step", application.pk, "depot")
    messages.success(
        request,
        _(
            "Votre dossier est déposé sous la référence %(reference)s. Un accusé de réception "
            "vous est envoyé par e-mail."
        )
        % {"reference": application.reference},
    )
    return redirect("tracking_applicant:detail", application.pk)


@require_http_methods(["GET", "POST"])
def accept_late(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    application = _application(request, pk)
    if not can(request.user, "tracking.accept_late", application) or not application.is_draft:
        raise Http404
    missing = steps.missing_items(application)
    if request.method == "POST":
        try:
            submitter = application.created_by or request.user
            application = services.submit(
                application, submitter, accepted_late_by=request.user, request=request
            )
        except services.Incomplete:
            messages.error(request, _("Ce dossier est incomplet : il ne peut pas être accepté."))
        except workflow.TransitionRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(
                request,
                _("Le dossier est accepté hors délai sous la référence %(reference)s.")
                % {"reference": application.reference},
            )
            return redirect("tracking_applicant:late_drafts")
    return render(
        request,
        "tracking/applicant/accept_late.html",
        {"application": application, "missing": missing},
    )


# --- the dossier page --------------------------------------------------------------------


def detail(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    application = _application(request, pk)
    is_member = _is_member(request.user, application)
    decision = None
    if can(request.user, "tracking.view_decision", application):
        decision = outcome.team_decision(application)
        if is_member:
            outcome.note_reading(application, decision.decision, request.user)
    comments = Comment.objects.filter(application=application, visibility=Visibility.SHARED)
    requests = list(
        DocumentRequest.objects.filter(application=application).prefetch_related("documents")
    )
    may_add = can(request.user, "tracking.add_document", application)
    upload_forms = {
        request_.pk: forms.RequestUploadForm(application=application)
        for request_ in requests
        if request_.is_open
    }
    context = {
        "application": application,
        "call": application.call,
        "is_member": is_member,
        "status": application.status_for_applicant(),
        "decision": decision,
        "timeline": outcome.timeline(application),
        "comments": comments,
        "document_requests": [{"request": r, "form": upload_forms.get(r.pk)} for r in requests],
        "documents": application.documents.filter(staff_only=False).select_related(
            "required_document"
        ),
        "may_edit": bool(can(request.user, "tracking.edit_draft", application)),
        "may_withdraw": is_member and bool(can(request.user, "tracking.withdraw", application)),
        "may_download_receipt": bool(can(request.user, "tracking.download_receipt", application)),
        "may_add_document": is_member and bool(may_add),
        "may_accept_late": application.is_draft
        and not application.call.is_open()
        and bool(can(request.user, "tracking.accept_late", application)),
    }
    if application.is_draft:
        context["missing"] = steps.missing_items(application)
        slugs = [step.slug for step in steps.steps_for(application.call)]
        resume = application.current_step if application.current_step in slugs else slugs[0]
        context.update(_steps_context(application, resume))
    return render(request, "tracking/applicant/detail.html", context)


@require_POST
def request_upload(request, pk, request_pk):
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("tracking_applicant:detail", args=[pk]))
    application = _application(request, pk)
    document_request = get_object_or_404(DocumentRequest, application=application, pk=request_pk)
    decision = can(request.user, "tracking.add_document", application)
    is_member = _is_member(request.user, application)
    if not is_member:
        raise Http404
    if not decision:
        messages.error(request, decision.reason)
        return redirect("tracking_applicant:detail", application.pk)
    form = forms.RequestUploadForm(request.POST, request.FILES, application=application)
    if form.is_valid():
        services.answer_request(
            application,
            document_request,
            form.cleaned_data["file"],
            form.checked,
            user=request.user,
        )
        messages.success(request, _("Merci : la pièce est transmise à l'équipe."))
        return redirect("tracking_applicant:detail", application.pk)
    for error in form.errors.get("file", []):
        messages.error(
            request,
            _("« %(label)s » : %(error)s") % {"label": document_request.label, "error": error},
        )
    return redirect(
        reverse("tracking_applicant:detail", args=[application.pk])
        + f"#demande-{document_request.pk}"
    )


@require_http_methods(["GET", "POST"])
def withdraw(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    application = _application(request, pk)
    is_member = _is_member(request.user, application)
    if not is_member:
        raise Http404
    decision = can(request.user, "tracking.withdraw", application)
    if not decision:
        messages.error(request, decision.reason)
        return redirect("tracking_applicant:detail", application.pk)
    form = forms.WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.withdraw(application, request.user, comment=form.cleaned_data["comment"])
        except workflow.TransitionRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("Votre dossier est retiré."))
        return redirect("tracking_applicant:detail", application.pk)
    return render(
        request, "tracking/applicant/withdraw.html", {"application": application, "form": form}
    )


# --- private files ------------------------------------------------------------------------


@require_GET
def receipt(request, pk):
    """The « attestation de dépôt » of a submitted dossier, for its team and the staff."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    application = _application(request, pk)
    if not can(request.user, "tracking.download_receipt", application):
        raise Http404(_("Ce dossier n'existe pas ou ne vous est pas accessible."))
    # Imported by the first receipt asked, not by every process: reportlab is slow to load.
    from .receipt import receipt_filename, receipt_pdf

    return _pdf_response(receipt_pdf(application), receipt_filename(application))


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    # A dossier's document: no shared cache keeps a copy.
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def decision_pdf(request, pk):
    """The « notification de décision », for the team and the staff, once there is one; a
    member of the team opening it signs the read receipt, as the dossier page does."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    application = _application(request, pk)
    if not can(request.user, "tracking.view_decision", application):
        raise Http404(_("Ce dossier n'existe pas ou ne vous est pas accessible."))
    current = outcome.team_decision(application)
    if _is_member(request.user, application):
        outcome.note_reading(application, current.decision, request.user)
    return _pdf_response(
        outcome.decision_pdf(application, current), outcome.decision_filename(application)
    )


def download(request, token):
    """The only way to a dossier's file: permission-checked, never a public media URL."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    document = get_object_or_404(
        ApplicationDocument.objects.select_related("application__stage", "application__call"),
        token=token,
    )
    if not can(request.user, "tracking.download", document):
        raise Http404(_("Ce document n'existe pas ou ne vous est pas accessible."))
    return private_file_response(document)
