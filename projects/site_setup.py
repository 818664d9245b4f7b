"""What the site needs for projects: the directory page under the home page, under the
« Validation CRESS » workflow so a project's first publication is checked by the CRESS."""

import json

from django.db import transaction

from labo.core.workflows import apply_cress_validation

from .models import ProjectIndexPage

INDEX_INTRO = (
    "<p>Les projets d'habitat participatif, partagé et inclusif d'Occitanie : filtrez par "
    "département, stade ou type d'habitat, et trouvez ceux qui recherchent des foyers.</p>"
)

# Sections added to the home page when projects arrive; CRESS edits or removes them later.
HOME_SECTIONS = [
    {"type": "latest_projects", "value": {"title": "Derniers projets publiés", "count": 4}},
    {
        "type": "projects_seeking_households",
        "value": {"title": "Ils recherchent des foyers", "count": 4},
    },
    {"type": "projects_by_departement", "value": {"title": "Les projets par département"}},
]


@transaction.atomic
def ensure_project_index() -> ProjectIndexPage:
    from labo.home.models import HomePage

    index = ProjectIndexPage.objects.first()
    if index is None:
        home = HomePage.objects.first()
        index = home.add_child(
            instance=ProjectIndexPage(title="Projets", slug="projets", intro=INDEX_INTRO)
        )
        _add_home_sections(home)
    apply_cress_validation(index)
    return index


def _add_home_sections(home) -> None:
    """Only when the index is first created, so sections CRESS removed stay removed."""
    existing = {block.block_type for block in home.body}
    missing = [section for section in HOME_SECTIONS if section["type"] not in existing]
    if not missing:
        return
    raw = list(home.body.raw_data) + missing
    home.body = json.dumps(raw)
    revision = home.save_revision()
    if home.live:
        revision.publish()
