"""Writes of accounts and organisations. Views check permissions with ``labo.permissions.can``
and then call one of these functions; each one is atomic."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from labo.notifications.services import notify
from labo.notifications.tasks import subject_line

from .models import Membership, Organisation, OrganisationInvitation, User
from .validators import normalise_siren

ANONYMOUS_DISPLAY_NAME = gettext_lazy("Compte supprimé")
ANONYMOUS_EMAIL_DOMAIN = "anonyme.invalid"  # RFC 2606: never routable.


def profile_update(user: User, *, display_name: str) -> User:
    user.display_name = display_name.strip()
    user.save(update_fields=["display_name"])
    return user


@transaction.atomic
def organisation_create(*, creator: User, **fields) -> Organisation:
    """Create an organisation; its creator becomes its first administrator."""
    if fields.get("siren"):
        fields["siren"] = normalise_siren(fields["siren"])
    organisation = Organisation(**fields)
    organisation.full_clean()
    organisation.save()
    Membership.objects.create(user=creator, organisation=organisation, role=Membership.Role.ADMIN)
    return organisation


@transaction.atomic
def organisation_update(organisation: Organisation, **fields) -> Organisation:
    if fields.get("siren"):
        fields["siren"] = normalise_siren(fields["siren"])
    for name, value in fields.items():
        setattr(organisation, name, value)
    organisation.full_clean()
    organisation.save()
    return organisation


def organisation_invite(
    organisation: Organisation,
    *,
    email: str,
    role: str = Membership.Role.MEMBER,
    invited_by: User,
    accept_url,
) -> OrganisationInvitation:
    """Invite an address to join ``organisation``: an e-mail with the link, whether or not the
    address has an account (so inviting tells nothing about it), and an in-app notification
    for the account that proved it owns the address. Inviting an address again re-sends its
    pending invitation. ``accept_url(invitation)`` gives the link's absolute address."""
    email = email.strip().lower()
    invitation = OrganisationInvitation.objects.filter(
        organisation=organisation, email__iexact=email, accepted_at__isnull=True
    ).first()
    if invitation is None:
        invitation = OrganisationInvitation.objects.create(
            organisation=organisation, email=email, role=role, invited_by=invited_by
        )
    else:
        invitation.role, invitation.invited_by = role, invited_by
        invitation.save(update_fields=["role", "invited_by"])
    link = accept_url(invitation)
    context = {"invitation": invitation, "organisation": organisation, "inviter": invited_by}
    send_mail(
        subject_line(
            _("Invitation à rejoindre la structure « %(organisation)s »")
            % {"organisation": organisation.name}
        ),
        render_to_string("accounts/emails/organisation_invitation.txt", {**context, "link": link}),
        settings.DEFAULT_FROM_EMAIL,
        [email],
    )
    owner = (
        User.objects.filter(
            is_active=True, emailaddress__email__iexact=email, emailaddress__verified=True
        )
        .distinct()
        .first()
    )
    if owner is not None:
        notify(
            owner,
            kind="organisation.invited",
            message=_("%(by)s vous invite à rejoindre la structure « %(organisation)s ».")
            % {"by": invited_by, "organisation": organisation.name},
            link=reverse("accounts:organisation_invitation", args=[invitation.token]),
        )
    return invitation


def invitation_matches(invitation, user: User) -> bool:
    """An invitation (to a structure or a project team: anything with an ``email``) is only
    good for the address it was sent to, verified on the account (allauth's flow): neither a
    forwarded link nor an address merely typed on an account opens the door to someone else."""
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(
        user=user, email__iexact=invitation.email, verified=True
    ).exists()


@transaction.atomic
def organisation_invitation_accept(invitation: OrganisationInvitation, user: User) -> Membership:
    # Locked: two clicks on « Accepter » (or two tabs) make one membership.
    invitation = OrganisationInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(_("Cette invitation a déjà été utilisée."), code="used")
    if not invitation_matches(invitation, user):
        raise ValidationError(
            _("Cette invitation a été envoyée à une autre adresse e-mail."), code="other_address"
        )
    membership, _created = Membership.objects.get_or_create(
        organisation=invitation.organisation, user=user, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    if invitation.invited_by_id and invitation.invited_by_id != user.pk:
        notify(
            invitation.invited_by,
            kind="organisation.invitation_accepted",
            message=_("%(name)s a rejoint la structure « %(organisation)s ».")
            % {"name": user, "organisation": invitation.organisation.name},
            link=reverse("accounts:organisation_detail", args=[invitation.organisation_id]),
        )
    return membership


def organisation_invitation_delete(invitation: OrganisationInvitation) -> None:
    """Declined by the person invited, or cancelled by the structure: the link stops working."""
    invitation.delete()


@transaction.atomic
def organisation_remove_member(membership: Membership, *, removed_by: User | None = None) -> None:
    organisation = membership.organisation
    user = membership.user
    membership.delete()
    if removed_by is not None and removed_by != user:
        notify(
            user,
            kind="organisation.member_removed",
            message=_("Vous ne faites plus partie de la structure « %(organisation)s ».")
            % {"organisation": organisation.name},
            link="/mon-espace/",
        )


@transaction.atomic
def organisation_set_member_role(membership: Membership, *, role: str) -> Membership:
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def organisation_leave(user: User, organisation: Organisation) -> None:
    Membership.objects.filter(user=user, organisation=organisation).delete()


def _iso(value):
    return value.isoformat() if value else None


def personal_data_export(user: User) -> dict:
    """Everything the platform stores about a person (RGPD article 15 and 20), as JSON data."""
    from allauth.account.models import EmailAddress

    from labo.notifications.models import Notification, NotificationPreference

    memberships = Membership.objects.filter(user=user).select_related("organisation")
    preference = NotificationPreference.objects.filter(user=user).first()
    return {
        "export": {
            "plateforme": "Labo de l'habitat des communs",
            "genere_le": timezone.now().isoformat(),
        },
        "profil": {
            "adresse_email": user.email,
            "nom_affiche": user.display_name,
            "prenom": user.first_name,
            "nom": user.last_name,
            "inscrit_le": _iso(user.date_joined),
            "derniere_connexion": _iso(user.last_login),
            "roles": sorted(user.groups.values_list("name", flat=True)),
        },
        "adresses_email": [
            {"adresse": address.email, "verifiee": address.verified, "principale": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "structures": [
            {
                "nom": membership.organisation.name,
                "siren": membership.organisation.siren,
                "forme_juridique": membership.organisation.get_legal_form_display(),
                "departement": membership.organisation.get_departement_display(),
                "role": membership.get_role_display(),
                "membre_depuis": _iso(membership.joined_at),
            }
            for membership in memberships
        ],
        "notifications": [
            {
                "type": notification.kind,
                "message": notification.message,
                "lien": notification.link,
                "creee_le": _iso(notification.created_at),
                "lue_le": _iso(notification.read_at),
                "envoyee_par_email_le": _iso(notification.emailed_at),
            }
            for notification in Notification.objects.filter(recipient=user).order_by("created_at")
        ],
        "preference_notifications": (
            {
                "frequence_email": preference.email_frequency,
                "libelle": preference.get_email_frequency_display(),
            }
            if preference
            else None
        ),
    }


@transaction.atomic
def account_delete(user: User) -> User:
    """Anonymise an account (RGPD article 17): what the person wrote stays, signed
    « Compte supprimé »; everything that identifies them is erased and login is impossible."""
    from allauth.account.models import EmailAddress

    from labo.notifications.models import Notification, NotificationPreference

    Membership.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    Notification.objects.filter(recipient=user).delete()
    NotificationPreference.objects.filter(user=user).delete()
    user.groups.clear()
    user.user_permissions.clear()

    user.email = f"supprime-{user.pk}@{ANONYMOUS_EMAIL_DOMAIN}"
    user.display_name = str(ANONYMOUS_DISPLAY_NAME)
    user.first_name = ""
    user.last_name = ""
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.anonymised_at = timezone.now()
    user.save()
    return user
