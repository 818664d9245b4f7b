"""Writes of accounts and organisations. Views check permissions with ``labo.permissions.can``
and then call one of these functions; each one is atomic."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from labo.notifications.services import notify

from .models import Membership, Organisation, User
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


@transaction.atomic
def organisation_add_member(
    organisation: Organisation,
    *,
    user: User,
    added_by: User | None = None,
    role: str = Membership.Role.MEMBER,
) -> Membership:
    """Add an existing account to an organisation and tell that person."""
    if Membership.objects.filter(organisation=organisation, user=user).exists():
        raise ValidationError(
            _("%(name)s est déjà membre de cette structure.") % {"name": user},
            code="already_member",
        )
    membership = Membership.objects.create(organisation=organisation, user=user, role=role)
    if added_by is not None and added_by != user:
        message = _("%(by)s vous a ajouté(e) à la structure « %(organisation)s ».") % {
            "by": added_by,
            "organisation": organisation.name,
        }
    else:
        message = _("Vous avez été ajouté(e) à la structure « %(organisation)s ».") % {
            "organisation": organisation.name
        }
    notify(user, kind="organisation.member_added", message=message, link="/mon-espace/")
    return membership


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
