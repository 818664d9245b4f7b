"""« Mon espace »: profile, organisations (structures) and personal data. Views stay thin:
permission through ``labo.permissions.can``, writes through ``services``."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from labo.core.registry import dashboard_sections
from labo.core.submissions import SubmissionGuard
from labo.permissions import can, require, rule_required

from . import personal_data, services, tasks
from .forms import AccountDeleteForm, AddMemberForm, MemberRoleForm, OrganisationForm, ProfileForm
from .models import Membership, Organisation, OrganisationInvitation, PersonalDataExport


@rule_required("accounts.view_dashboard")
def dashboard(request):
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("organisation")
        .annotate(member_count=Count("organisation__memberships"))
        .order_by("organisation__name")
    )
    return render(
        request,
        "accounts/dashboard.html",
        {"memberships": memberships, "sections": dashboard_sections(request)},
    )


@login_required
def profile_edit(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.profile_update(request.user, display_name=form.cleaned_data["display_name"])
        messages.success(request, _("Votre profil a été mis à jour."))
        return redirect("accounts:dashboard")
    return render(request, "accounts/profile_form.html", {"form": form})


@rule_required("accounts.create_organisation")
def organisation_create(request):
    guard = SubmissionGuard(request)
    if earlier := guard.earlier_result():
        return redirect(earlier)  # the same form sent twice: one structure
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = services.organisation_create(creator=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("La structure « %(name)s » a été créée. Vous en êtes l'administrateur.")
            % {"name": organisation.name},
        )
        return redirect(guard.done(reverse("accounts:organisation_detail", args=[organisation.pk])))
    guard.release()
    return render(request, "accounts/organisation_form.html", {"form": form, "organisation": None})


def _organisation_page(request, organisation, *, add_member_form=None, status=200):
    memberships = organisation.memberships.select_related("user").order_by(
        "role", "user__display_name"
    )
    can_manage = can(request.user, "accounts.manage_members", organisation)
    own_membership = next((m for m in memberships if m.user_id == request.user.pk), None)
    context = {
        "organisation": organisation,
        "memberships": memberships,
        "invitations": (
            organisation.invitations.filter(accepted_at__isnull=True).order_by("email")
            if can_manage
            else []
        ),
        "own_membership": own_membership,
        "can_edit": can(request.user, "accounts.edit_organisation", organisation),
        "can_manage": can_manage,
        "add_member_form": add_member_form
        or (AddMemberForm(organisation=organisation) if can_manage else None),
        "roles": Membership.Role.choices,
    }
    return render(request, "accounts/organisation_detail.html", context, status=status)


@login_required
def organisation_detail(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    require(request.user, "accounts.view_organisation", organisation)
    return _organisation_page(request, organisation)


@login_required
def organisation_edit(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    require(request.user, "accounts.edit_organisation", organisation)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.organisation_update(organisation, **form.cleaned_data)
        messages.success(request, _("La structure a été mise à jour."))
        return redirect("accounts:organisation_detail", pk=organisation.pk)
    return render(
        request, "accounts/organisation_form.html", {"form": form, "organisation": organisation}
    )


@login_required
@require_POST
def organisation_add_member(request, pk):
    """An invitation the person accepts (services.organisation_invite): adding an account
    directly would make someone a member without their consent and tell the inviter which
    addresses have an account."""
    organisation = get_object_or_404(Organisation, pk=pk)
    require(request.user, "accounts.manage_members", organisation)
    form = AddMemberForm(request.POST, organisation=organisation)
    if form.is_valid():
        email = form.cleaned_data["email"]
        services.organisation_invite(
            organisation,
            email=email,
            role=form.cleaned_data["role"],
            invited_by=request.user,
            accept_url=lambda invitation: request.build_absolute_uri(
                reverse("accounts:organisation_invitation", args=[invitation.token])
            ),
        )
        messages.success(
            request,
            _(
                "Une invitation a été envoyée à %(email)s : la personne rejoindra la structure "
                "en l'acceptant."
            )
            % {"email": email},
        )
        return redirect("accounts:organisation_detail", pk=organisation.pk)
    return _organisation_page(request, organisation, add_member_form=form)


@login_required
@require_POST
def organisation_invitation_cancel(request, pk, invitation_pk):
    invitation = get_object_or_404(
        OrganisationInvitation, pk=invitation_pk, organisation_id=pk, accepted_at__isnull=True
    )
    require(request.user, "accounts.manage_members", invitation.organisation)
    services.organisation_invitation_delete(invitation)
    messages.success(
        request, _("L'invitation envoyée à %(email)s est annulée.") % {"email": invitation.email}
    )
    return redirect("accounts:organisation_detail", pk=pk)


def organisation_invitation(request, token):
    """The link of an invitation: the invited person accepts or declines it."""
    invitation = (
        OrganisationInvitation.objects.select_related("organisation", "invited_by")
        .filter(token=token)
        .first()
    )
    if invitation is None:
        raise Http404(_("Cette invitation n'existe pas ou plus."))
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), login_url=reverse("account_login"))
    organisation = invitation.organisation
    if organisation.memberships.filter(user=request.user).exists():
        messages.info(request, _("Vous faites déjà partie de cette structure."))
        return redirect("accounts:organisation_detail", pk=organisation.pk)
    error = ""
    if invitation.accepted_at is not None:
        error = _("Cette invitation a déjà été utilisée.")
    elif not services.invitation_matches(invitation, request.user):
        error = _(
            "Cette invitation a été envoyée à une autre adresse e-mail. Connectez-vous avec le "
            "compte de cette adresse, ou ajoutez-la à votre compte et confirmez-la."
        )
    if request.method == "POST" and not error:
        if "decline" in request.POST:
            services.organisation_invitation_delete(invitation)
            messages.info(request, _("Vous avez refusé l'invitation."))
            return redirect("accounts:dashboard")
        try:
            services.organisation_invitation_accept(invitation, request.user)
        except ValidationError as refusal:
            error = refusal.messages[0]
        else:
            messages.success(
                request,
                _("Vous avez rejoint la structure « %(organisation)s ».")
                % {"organisation": organisation.name},
            )
            return redirect("accounts:organisation_detail", pk=organisation.pk)
    return render(
        request,
        "accounts/organisation_invitation.html",
        {"invitation": invitation, "organisation": organisation, "error": error},
        status=403 if error and request.method == "POST" else 200,
    )


@login_required
@require_POST
def organisation_remove_member(request, pk, membership_pk):
    membership = get_object_or_404(
        Membership.objects.select_related("organisation", "user"),
        pk=membership_pk,
        organisation_id=pk,
    )
    require(request.user, "accounts.remove_member", membership)
    services.organisation_remove_member(membership, removed_by=request.user)
    messages.success(
        request,
        _("%(name)s ne fait plus partie de la structure.") % {"name": membership.user},
    )
    if membership.user_id == request.user.pk:
        return redirect("accounts:dashboard")
    return redirect("accounts:organisation_detail", pk=pk)


@login_required
@require_POST
def organisation_change_role(request, pk, membership_pk):
    membership = get_object_or_404(
        Membership.objects.select_related("organisation", "user"),
        pk=membership_pk,
        organisation_id=pk,
    )
    require(request.user, "accounts.change_member_role", membership)
    form = MemberRoleForm(request.POST)
    if form.is_valid():
        services.organisation_set_member_role(membership, role=form.cleaned_data["role"])
        messages.success(
            request,
            _("Le rôle de %(name)s est maintenant : %(role)s.")
            % {"name": membership.user, "role": membership.get_role_display()},
        )
    else:
        messages.error(request, _("Choisissez un rôle dans la liste."))
    return redirect("accounts:organisation_detail", pk=pk)


@login_required
def organisation_leave(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    require(request.user, "accounts.leave_organisation", organisation)
    if request.method == "POST":
        services.organisation_leave(request.user, organisation)
        messages.success(
            request,
            _("Vous avez quitté la structure « %(name)s ».") % {"name": organisation.name},
        )
        return redirect("accounts:dashboard")
    return render(request, "accounts/organisation_leave.html", {"organisation": organisation})


@login_required
def data_export(request):
    data = personal_data.personal_data(request.user)
    filename = f"mes-donnees-labo-{timezone.localdate().isoformat()}.json"
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def data_archive(request):
    """« Mes données » with the files: an archive built in the background, its progress
    shown (the page asks again every few seconds while it is built)."""
    exports = list(PersonalDataExport.objects.filter(user=request.user)[:5])
    for export in exports:
        if export.status == PersonalDataExport.Status.READY and export.is_expired and export.file:
            export.file.delete(save=True)  # kept a week, then gone
    if request.method == "POST":
        if any(export.in_progress for export in exports):
            messages.info(request, _("Votre archive est déjà en préparation."))
        else:
            export = PersonalDataExport.objects.create(user=request.user)
            tasks.build_personal_data_archive.enqueue(export.pk)
            messages.success(
                request,
                _("Votre archive est en préparation : une notification vous préviendra."),
            )
        return redirect("accounts:data_archive")
    context = {"exports": exports, "in_progress": any(e.in_progress for e in exports)}
    if request.htmx:
        return render(request, "accounts/includes/data_archive_list.html", context)
    return render(request, "accounts/data_archive.html", context)


@login_required
@require_GET
def data_archive_download(request, token):
    export = (
        PersonalDataExport.objects.filter(
            token=token, user=request.user, status=PersonalDataExport.Status.READY
        )
        .exclude(file="")
        .first()
    )
    # Someone else's archive, or an expired one: not found, whatever the link.
    if export is None or export.is_expired:
        raise Http404(_("Cette archive n'existe pas ou n'est plus disponible."))
    response = FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=f"mes-donnees-labo-{timezone.localtime(export.finished_at):%Y-%m-%d}.zip",
        content_type="application/zip",
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def account_delete(request):
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.account_delete(user)
        messages.success(
            request,
            _(
                "Votre compte a été supprimé. Vos contributions restent visibles, signées "
                "« Compte supprimé »."
            ),
        )
        return redirect("/")
    return render(request, "accounts/account_delete.html", {"form": form})


def admin_access(request):
    """Where Wagtail sends whoever it refuses (``WAGTAILADMIN_LOGIN_URL``). Visitors log in
    first; a logged-in member without a staff role gets the French reason instead of being
    bounced between the admin and the login page."""
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("wagtailadmin_home")
    if not request.user.is_authenticated:
        return redirect_to_login(next_url, login_url=reverse("account_login"))
    if request.user.has_perm("wagtailadmin.access_admin"):
        return redirect(next_url)
    decision = can(request.user, "wagtail.access_admin")
    raise PermissionDenied(
        decision.reason
        or _("L'administration est réservée aux équipes de la CRESS et de la Région.")
    )
