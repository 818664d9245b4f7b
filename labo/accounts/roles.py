"""The platform's roles are Django groups. Their names live here, once; the permissions each
staff role carries are granted by ``sync_role_permissions`` after every migrate, because the
permissions of apps added later only exist once their own migrations have run."""

from django.utils.translation import gettext_lazy as _

MEMBRE = "Membre"
PORTEUR = "Porteur de projet"
ANIMATEUR = "Animateur CRESS"
INSTRUCTEUR = "Instructeur Région"
ADMINISTRATEUR = "Administrateur"

ALL_ROLES = [MEMBRE, PORTEUR, ANIMATEUR, INSTRUCTEUR, ADMINISTRATEUR]
STAFF_ROLES = [ANIMATEUR, INSTRUCTEUR, ADMINISTRATEUR]

ROLE_DESCRIPTIONS = {
    MEMBRE: _("Compte vérifié : participe au forum, suit des sujets, reçoit des notifications."),
    PORTEUR: _("Membre d'une équipe projet : modifie sa page projet, candidate aux appels."),
    ANIMATEUR: _("Équipe CRESS : publie les contenus, modère, accompagne les candidats."),
    INSTRUCTEUR: _("Services de la Région : instruit les dossiers, note, décide, exporte."),
    ADMINISTRATEUR: _("Administration de la plateforme : tout, dont les comptes et les rôles."),
}

# "app_label.codename" permissions per staff role. Missing ones (an app not installed yet)
# are skipped, so later apps add their codenames here and the next migrate grants them.
ROLE_PERMISSIONS = {
    MEMBRE: [],
    # Team members edit their own project page in the Wagtail admin; which pages and
    # collections is granted per team (projects.services), not by this role.
    PORTEUR: ["wagtailadmin.access_admin"],
    ANIMATEUR: [
        "wagtailadmin.access_admin",
        "resources.add_theme",
        "resources.change_theme",
        "resources.delete_theme",
        "resources.view_theme",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
        "accounts.view_organisation",
        "accounts.add_organisation",
        "accounts.change_organisation",
        "accounts.view_user",
        # Calls are configured by CRESS (projects.tracking).
        "tracking.add_scheme",
        "tracking.change_scheme",
        "tracking.view_scheme",
        "tracking.add_call",
        "tracking.change_call",
        "tracking.view_call",
        "tracking.view_staff_pipeline",
    ],
    INSTRUCTEUR: [
        "wagtailadmin.access_admin",
        "accounts.view_organisation",
        "accounts.view_user",
        "tracking.view_scheme",
        "tracking.view_call",
        "tracking.view_staff_pipeline",
    ],
    # Administrators get every permission, see sync_role_permissions.
    ADMINISTRATEUR: [],
}


def sync_role_permissions(**kwargs):
    from django.contrib.auth.models import Group, Permission

    for name in ALL_ROLES:
        group, _created = Group.objects.get_or_create(name=name)
        if name == ADMINISTRATEUR:
            group.permissions.set(Permission.objects.all())
            continue
        wanted = []
        for dotted in ROLE_PERMISSIONS[name]:
            app_label, codename = dotted.split(".")
            wanted.extend(
                Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(wanted)
