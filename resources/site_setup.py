"""What the resource centre needs to run, created by ``setup_site`` and ``load_demo``.
Idempotent: existing pages, themes and collections are left as editors made them."""

from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import CollectionViewRestriction

from labo.accounts import roles
from labo.core.workflows import apply_cress_validation
from labo.home.models import HomePage

from .choices import DEFAULT_THEMES
from .models import ResourceIndexPage, Theme
from .services import proposals_collection

INDEX_INTRO = (
    "<p>Guides, fiches pratiques, modèles de documents, études et retours d'expérience "
    "pour faire avancer les projets d'habitat des communs en Occitanie.</p>"
)


@transaction.atomic
def ensure_resource_centre() -> ResourceIndexPage | None:
    home = HomePage.objects.first()
    if home is None:
        return None
    index = ResourceIndexPage.objects.first()
    if index is None:
        index = home.add_child(
            instance=ResourceIndexPage(title="Ressources", slug="ressources", intro=INDEX_INTRO)
        )
    apply_cress_validation(index)
    if not Theme.objects.exists():
        # Only on a new site: once the CRESS edits its themes, a deploy must not add back
        # one it deleted.
        Theme.objects.bulk_create(Theme(slug=slug, name=name) for slug, name in DEFAULT_THEMES)
    _restrict_proposals_collection()
    return index


def _restrict_proposals_collection():
    collection = proposals_collection()
    restriction, _created = CollectionViewRestriction.objects.get_or_create(
        collection=collection,
        defaults={"restriction_type": CollectionViewRestriction.GROUPS},
    )
    restriction.groups.add(*Group.objects.filter(name__in=[roles.ANIMATEUR, roles.ADMINISTRATEUR]))
