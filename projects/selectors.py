"""Reads of published projects shared by the home page sections."""

from django.db.models import Count

from labo.accounts.occitanie import Departement

from .filters import public_projects, with_list_data


def latest_published(count: int):
    return list(with_list_data(public_projects()).order_by("-first_published_at")[:count])


def seeking_households(count: int):
    return list(
        with_list_data(public_projects().filter(seeking_households=True)).order_by(
            "-last_published_at"
        )[:count]
    )


def counts_by_departement() -> list[dict]:
    """Every département of Occitanie with its number of published projects (zeros too)."""
    counts = dict(
        public_projects().values_list("commune__departement").annotate(total=Count("pk")).order_by()
    )
    return [
        {"code": code, "label": label, "count": counts.get(code, 0)}
        for code, label in Departement.choices
    ]


def directory_url() -> str:
    from .models import ProjectIndexPage

    index = ProjectIndexPage.objects.live().first()
    return index.url if index else ""
