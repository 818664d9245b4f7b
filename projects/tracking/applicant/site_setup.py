"""The « Appels » index under the home page (/appels/), created by ``setup_site`` and
``load_demo`` if missing; CRESS edits its text afterwards in the Wagtail admin."""

from django.db import transaction

from ..models import CallIndexPage

INDEX_INTRO = (
    "<p>Les dispositifs de la Région Occitanie pour les projets d'habitat des communs : "
    "l'appel à projets VIURE – Nouvelles formes d'habiter et la garantie d'emprunt. "
    "Les équipes projet candidatent en ligne, tant que l'appel est ouvert.</p>"
)


@transaction.atomic
def ensure_call_index() -> CallIndexPage:
    from labo.home.models import HomePage

    index = CallIndexPage.objects.first()
    if index is None:
        home = HomePage.objects.first()
        if home is None:
            return None
        index = home.add_child(
            instance=CallIndexPage(title="Appels", slug="appels", intro=INDEX_INTRO)
        )
        index.save_revision().publish()
    return index
