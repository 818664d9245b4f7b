import datetime
import os

import pytest

from search.backends import get_backend, reset_backends
from search.documents import SearchDocument
from tests.factories import HOSTILE


@pytest.fixture(autouse=True)
def fresh_backends():
    reset_backends()
    yield
    reset_backends()


def contract_documents():
    """The shared fixtures of the contract suite: same documents, same expected answers on
    every backend."""
    d = datetime.date
    return [
        SearchDocument(
            id="project:1",
            type="project",
            title="Habitat partagé des Tilleuls",
            url="/projets/tilleuls/",
            summary="Une coopérative d'habitants à Montpellier.",
            body="Jardin partagé, salle commune et atelier.",
            date=d(2025, 3, 1),
            tags=["jardin", "Coopérative"],
            departments=["34"],
            stages=["conception"],
        ),
        SearchDocument(
            id="resource:2",
            type="resource",
            title="Guide de l'habitat participatif",
            url="/ressources/guide/",
            summary="Monter une coopérative pas à pas.",
            body="Statuts, gouvernance et financement.",
            date=d(2024, 6, 10),
            themes=["juridique", "financement"],
            tags=["statuts"],
            stages=["emergence", "groupe"],
            resource_types=["guide"],
        ),
        SearchDocument(
            id="event:3",
            type="event",
            title="Rencontre régionale à Toulouse",
            url="/agenda/rencontre/",
            summary="Échanges entre habitats partagés d'Occitanie.",
            body="Salle des fêtes, place du Capitole.",
            date=d(2026, 1, 15),
            tags=["rencontre"],
            departments=["31"],
        ),
        SearchDocument(
            id="resource:4",
            type="resource",
            title="Fiche pratique : le bail réel solidaire",
            url="/ressources/brs/",
            summary="Comprendre le BRS et les organismes de foncier solidaire.",
            body="",
            date=d(2025, 9, 1),
            themes=["foncier"],
            resource_types=["fiche-pratique"],
        ),
        SearchDocument(
            id="project:5",
            type="project",
            title="Oasis des Cévennes",
            url="/projets/oasis/",
            summary="Écolieu rural en Lozère.",
            body="Habitat léger et chantier participatif.",
            date=d(2023, 5, 5),
            departments=["48"],
            stages=["chantier"],
        ),
        SearchDocument(
            id="event:6",
            type="event",
            title=f"Webinaire financement {HOSTILE}",
            url="/agenda/webinaire/",
            summary="Les prêts pour les coopératives d'habitants.",
            date=d(2025, 11, 20),
        ),
    ]


def _backend_params():
    params = [pytest.param("database", marks=pytest.mark.django_db)]
    marks = [pytest.mark.django_db]
    if not os.environ.get("ELASTICSEARCH_URL"):
        marks.append(pytest.mark.skip(reason="ELASTICSEARCH_URL n'est pas défini."))
    params.append(pytest.param("elasticsearch", marks=marks))
    return params


@pytest.fixture(params=_backend_params())
def backend(request, settings):
    if request.param == "elasticsearch":
        settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
        settings.ELASTICSEARCH_INDEX = "labo-search-contract-tests" + os.environ.get(
            "PYTEST_XDIST_WORKER", ""
        )
    backend = get_backend(request.param)
    backend.rebuild(contract_documents())
    backend.refresh()
    yield backend
    if request.param == "elasticsearch":
        backend.drop_all()
