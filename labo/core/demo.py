"""French demo content for ``make run``. Each part is idempotent (get-or-create by a natural
key) and leaves alone what already exists, so later issues add their own parts here and the
command can run on every start."""

from contextlib import ExitStack

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from labo.accounts import roles
from labo.accounts.models import Membership, Organisation
from labo.accounts.occitanie import Departement, LegalForm
from labo.home.site_setup import ensure_site_structure
from labo.notifications.models import NotificationPreference
from labo.notifications.services import notify

DEMO_PASSWORD = "demo-labo-2026"  # noqa: S105 - printed on purpose, dev only

DEMO_ACCOUNTS = [
    # (e-mail, display name, role, superuser)
    ("admin@labo.demo", "Camille Administratrice", roles.ADMINISTRATEUR, True),
    ("animation@labo.demo", "Inès Animatrice (CRESS)", roles.ANIMATEUR, False),
    ("instruction@labo.demo", "Paul Instructeur (Région)", roles.INSTRUCTEUR, False),
    ("porteur@labo.demo", "Léa Porteuse de projet", roles.PORTEUR, False),
    ("membre@labo.demo", "Jules Membre", roles.MEMBRE, False),
]

DEMO_ORGANISATIONS = [
    # name, siren, legal form, ESS status, département, kind, website
    (
        "Coopérative d'habitants Les Tilleuls",
        "",
        LegalForm.HABITANTS_COOP,
        Organisation.EssStatus.BY_LAW,
        Departement.HAUTE_GARONNE,
        Organisation.Kind.HOLDER,
        "",
    ),
    (
        "CRESS Occitanie",
        "",
        LegalForm.ASSOCIATION,
        Organisation.EssStatus.BY_LAW,
        Departement.HAUTE_GARONNE,
        Organisation.Kind.SUPPORT,
        "https://www.cressoc.org",
    ),
    (
        "Région Occitanie",
        "",
        LegalForm.LOCAL_AUTHORITY,
        Organisation.EssStatus.NONE,
        Departement.HAUTE_GARONNE,
        Organisation.Kind.FUNDER,
        "https://www.laregion.fr",
    ),
]

ORGANISATION_OF = {
    "porteur@labo.demo": ("Coopérative d'habitants Les Tilleuls", Membership.Role.ADMIN),
    "animation@labo.demo": ("CRESS Occitanie", Membership.Role.MEMBER),
    "instruction@labo.demo": ("Région Occitanie", Membership.Role.MEMBER),
}


@transaction.atomic
def load_accounts():
    User = get_user_model()
    organisations = {}
    for name, siren, legal_form, ess, dep, kind, website in DEMO_ORGANISATIONS:
        organisations[name], _ = Organisation.objects.get_or_create(
            name=name,
            defaults={
                "siren": siren,
                "legal_form": legal_form,
                "ess_status": ess,
                "departement": dep,
                "kind": kind,
                "website": website,
            },
        )
    accounts = []
    for email, display_name, role, superuser in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            email=email,
            defaults={
                "display_name": display_name,
                "is_superuser": superuser,
                "is_staff": superuser,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
            user.groups.add(Group.objects.get(name=roles.MEMBRE))
            if role != roles.MEMBRE:
                user.groups.add(Group.objects.get(name=role))
            NotificationPreference.objects.get_or_create(user=user)
            notify(
                user,
                kind="welcome",
                message=f"Bienvenue sur le Labo de l'habitat des communs, {display_name} !",
                link="/mon-espace/",
            )
        if email in ORGANISATION_OF:
            org_name, org_role = ORGANISATION_OF[email]
            Membership.objects.get_or_create(
                user=user, organisation=organisations[org_name], defaults={"role": org_role}
            )
        accounts.append((email, display_name, role))
    return accounts


def load_demo():
    from labo.core.registry import demo_contexts, demo_loaders

    with ExitStack() as stack:
        for context in demo_contexts():
            stack.enter_context(context())
        ensure_site_structure()
        accounts = load_accounts()
        for loader in demo_loaders():
            loader()
    return accounts
