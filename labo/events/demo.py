"""Demo events for ``load_demo``: a dozen events around today, across Occitanie, some taking
registrations. Idempotent: events are found by slug and left alone once they exist, and a
registration that already exists is skipped.

The demo member (membre@labo.demo) is registered to the « Rencontre régionale » only, so the
browser test can register them to the « Atelier montage juridique ».
"""

import datetime
import json

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from labo.accounts.models import Organisation
from labo.accounts.occitanie import Departement

from . import services
from .models import EventFormat, EventIndexPage, EventPage
from .site_setup import ensure_agenda

F = EventFormat
D = Departement


def _at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone()
    )


def _body(text: str) -> str:
    return json.dumps([{"type": "paragraph", "value": f"<p>{text}</p>"}])


# slug, title, format, start (days, h, min), hours, all day, place, address, commune, dép.,
# online link, registration: None or (capacity, closes N days before the start), tags
DEMO_EVENTS = [
    (
        "rencontre-regionale-habitat-des-communs",
        "Rencontre régionale de l'habitat des communs",
        F.REGIONAL,
        (10, 9, 30),
        7.5,
        False,
        "Hôtel de Région",
        "22 boulevard du Maréchal Juin",
        "Toulouse",
        D.HAUTE_GARONNE,
        "",
        (80, 2),
        ["habitat participatif", "rencontre"],
    ),
    (
        "webinaire-garantie-emprunt",
        "Webinaire : la garantie d'emprunt de la Région",
        F.WEBINAR,
        (5, 18, 30),
        1.5,
        False,
        "",
        "",
        "",
        "",
        "https://visio.exemple.fr/garantie",
        (None, 0),
        ["garantie d'emprunt", "financement"],
    ),
    (
        "visite-oasis-couserans",
        "Visite de l'oasis du Couserans",
        F.VISIT,
        (20, 14, 0),
        3,
        False,
        "Oasis du Couserans",
        "Lieu-dit La Bastide",
        "Saint-Girons",
        D.ARIEGE,
        "",
        (2, 1),
        ["oasis", "visite"],
    ),
    (
        "atelier-montage-juridique",
        "Atelier : choisir la forme juridique de son projet",
        F.WORKSHOP,
        (15, 9, 0),
        3,
        False,
        "Maison de l'économie sociale",
        "5 rue de la Loge",
        "Montpellier",
        D.HERAULT,
        "",
        (25, 1),
        ["coopérative d'habitants", "juridique"],
    ),
    (
        "agora-viure",
        "Agora VIURE avec les services de la Région",
        F.AGORA,
        (30, 14, 0),
        3,
        False,
        "Hôtel de Région",
        "22 boulevard du Maréchal Juin",
        "Toulouse",
        D.HAUTE_GARONNE,
        "",
        None,
        ["VIURE"],
    ),
    (
        "rencontre-locale-gard",
        "Rencontre locale des porteurs de projets du Gard",
        F.LOCAL,
        (40, 18, 0),
        2,
        False,
        "Tiers-lieu La Fabrique",
        "12 rue Racine",
        "Nîmes",
        D.GARD,
        "",
        (30, 5),
        ["rencontre"],
    ),
    (
        "journee-aveyron-habitat-rural",
        "Journée de l'habitat partagé en milieu rural",
        F.LOCAL,
        (50, 0, 0),
        0,
        True,
        "Salle des fêtes",
        "Place du Bourg",
        "Rodez",
        D.AVEYRON,
        "",
        None,
        ["rural", "habitat partagé"],
    ),
    (
        "webinaire-bail-reel-solidaire",
        "Webinaire : le bail réel solidaire (BRS) expliqué",
        F.WEBINAR,
        (60, 12, 30),
        1,
        False,
        "",
        "",
        "",
        "",
        "https://visio.exemple.fr/brs",
        (None, 0),
        ["BRS", "foncier solidaire"],
    ),
    (
        "rencontre-regionale-2025",
        "Rencontre régionale 2025 : bilan du Plan Habitat Durable",
        F.REGIONAL,
        (-60, 0, 0),
        0,
        True,
        "Corum",
        "Esplanade Charles de Gaulle",
        "Montpellier",
        D.HERAULT,
        "",
        None,
        ["bilan", "rencontre"],
    ),
    (
        "visite-habitat-participatif-figeac",
        "Visite d'un habitat participatif à Figeac",
        F.VISIT,
        (-30, 10, 0),
        2.5,
        False,
        "Les Jardins du Célé",
        "3 chemin du Moulin",
        "Figeac",
        D.LOT,
        "",
        None,
        ["visite"],
    ),
    (
        "atelier-gouvernance-albi",
        "Atelier : gouvernance partagée et prise de décision",
        F.WORKSHOP,
        (-14, 9, 30),
        3,
        False,
        "Maison des associations",
        "Place de la Pile",
        "Albi",
        D.TARN,
        "",
        None,
        ["gouvernance"],
    ),
    (
        "rencontre-locale-perpignan",
        "Rencontre locale : habitat inclusif en Pyrénées-Orientales",
        F.LOCAL,
        (-7, 17, 30),
        2,
        False,
        "Casa Musicale",
        "1 rue Jean Vielledent",
        "Perpignan",
        D.PYRENEES_ORIENTALES,
        "",
        None,
        ["habitat inclusif"],
    ),
]

DEMO_REGISTRATIONS = [
    # (e-mail, event slug), in order: the third registrant of the Couserans visit (2 places)
    # lands on the waiting list.
    ("membre@labo.demo", "rencontre-regionale-habitat-des-communs"),
    ("porteur@labo.demo", "rencontre-regionale-habitat-des-communs"),
    ("porteur@labo.demo", "visite-oasis-couserans"),
    ("animation@labo.demo", "visite-oasis-couserans"),
    ("instruction@labo.demo", "visite-oasis-couserans"),
    ("porteur@labo.demo", "webinaire-garantie-emprunt"),
]


@transaction.atomic
def load_events() -> None:
    index = ensure_agenda() or EventIndexPage.objects.first()
    if index is None:
        return
    existing = set(EventPage.objects.values_list("slug", flat=True))
    cress = Organisation.objects.filter(name="CRESS Occitanie").first()
    for (
        slug,
        title,
        event_format,
        (days, hour, minute),
        hours,
        all_day,
        place,
        address,
        commune,
        departement,
        online_url,
        registration,
        tags,
    ) in DEMO_EVENTS:
        if slug in existing:
            continue
        start = _at(days, hour, minute)
        end = start + datetime.timedelta(hours=hours) if not all_day else _at(days, 18)
        event = EventPage(
            title=title,
            slug=slug,
            summary=f"{title}, organisée par le Labo de l'habitat des communs.",
            body=_body(
                "Un temps d'échange entre porteurs de projets, accompagnateurs et collectivités "
                "autour de l'habitat participatif, partagé et inclusif en Occitanie."
            ),
            start=start,
            end=end,
            all_day=all_day,
            format=event_format,
            place_name=place,
            address=address,
            commune=commune,
            departement=departement,
            online_url=online_url,
            registration_enabled=registration is not None,
            capacity=registration[0] if registration else None,
            registration_closes_at=(
                start - datetime.timedelta(days=registration[1])
                if registration and registration[1]
                else None
            ),
        )
        # Cluster relations (tags, organisers) are set in memory and saved with the page.
        event.tags.add(*tags)
        if cress:
            event.organisers = [cress]
        index.add_child(instance=event)
    users = {
        user.email: user
        for user in get_user_model().objects.filter(
            email__in={email for email, _slug in DEMO_REGISTRATIONS}
        )
    }
    events = {
        event.slug: event
        for event in EventPage.objects.filter(
            slug__in={slug for _email, slug in DEMO_REGISTRATIONS}
        )
    }
    for email, slug in DEMO_REGISTRATIONS:
        if email in users and slug in events:
            try:
                services.register(users[email], events[slug])
            except services.RegistrationError:
                continue  # already registered on an earlier run
