"""French demo content of the resource centre: 40 resources across every type, theme, stade
and public, with small PDFs written locally (resources/pdf.py). Idempotent: a resource whose
slug exists is left alone."""

import datetime
import itertools

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify
from wagtail.documents import get_document_model
from wagtail.models import Collection

from labo.accounts.models import Organisation

from .choices import Audience, ResourceType, Stage
from .models import (
    DocumentDownloadCount,
    ResourceAudience,
    ResourceDocument,
    ResourceLink,
    ResourcePage,
    ResourceStage,
    Theme,
)
from .pdf import minimal_pdf
from .site_setup import ensure_resource_centre

SUBJECTS = [
    ("Le bail réel solidaire expliqué aux habitants", "foncier", ["BRS", "OFS"]),
    ("Créer une coopérative d'habitants", "juridique", ["coopérative", "statuts"]),
    ("Plan de financement d'une opération d'habitat participatif", "financement", ["budget"]),
    ("Trouver un terrain avec une collectivité", "foncier", ["collectivité"]),
    ("Décider ensemble : sociocratie et consentement", "gouvernance", ["sociocratie"]),
    ("Concevoir les espaces partagés", "conception-architecture", ["salle commune"]),
    ("Charte de vie collective", "vie-collective", ["charte"]),
    ("Habitat inclusif : le projet de vie sociale et partagée", "habitat-inclusif", ["AVP"]),
    ("Les étapes du montage d'une opération", "montage-operation", ["calendrier"]),
    ("SCIA ou coopérative : comparer les statuts", "juridique", ["SCIA", "statuts"]),
    ("Prêts et garanties d'emprunt pour l'habitat des communs", "financement", ["garantie"]),
    ("Travailler avec un bailleur social", "montage-operation", ["bailleur social"]),
    (
        "Réhabiliter un bâtiment ancien en habitat partagé",
        "conception-architecture",
        ["réhabilitation"],
    ),
    ("Accueillir de nouveaux habitants dans le groupe", "vie-collective", ["accueil"]),
    ("Les foncières solidaires en Occitanie", "foncier", ["foncière solidaire"]),
    ("Gouvernance d'une SCIC d'habitat", "gouvernance", ["SCIC"]),
    ("Accompagner un habitat inclusif en milieu rural", "habitat-inclusif", ["rural"]),
    ("Budget de fonctionnement des espaces communs", "financement", ["budget", "charges"]),
    ("Choisir son architecte et rédiger le programme", "conception-architecture", ["programme"]),
    ("Réussir l'emménagement et la première année", "vie-collective", ["emménagement"]),
]

TITLE_PREFIX = {
    ResourceType.GUIDE: "Guide",
    ResourceType.FACT_SHEET: "Fiche pratique",
    ResourceType.TEMPLATE: "Modèle",
    ResourceType.STUDY: "Étude",
    ResourceType.EXPERIENCE: "Retour d'expérience",
    ResourceType.VIDEO: "Vidéo",
    ResourceType.TOOL: "Outil",
    ResourceType.WEBINAR: "Replay du webinaire",
}
DOWNLOADS = [42, 35, 27, 19, 12, 8, 5, 3]


def _body(subject):
    return [
        {"type": "heading", "value": {"text": "En bref", "level": "h2"}},
        {
            "type": "paragraph",
            "value": f"<p>Cette ressource aborde « {subject} » pour les projets d'habitat des "
            "communs en Occitanie : étapes, points de vigilance et contacts utiles.</p>",
        },
    ]


@transaction.atomic
def load_resources_demo():
    index = ensure_resource_centre()
    if index is None:
        return
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    stages = list(ResourceStage.objects.all())
    audiences = list(ResourceAudience.objects.all())
    organisations = list(Organisation.objects.order_by("pk")[:3])
    existing = set(ResourcePage.objects.child_of(index).values_list("slug", flat=True))
    root_collection = Collection.get_first_root_node()
    Document = get_document_model()
    types = itertools.cycle(ResourceType.values)
    today = datetime.date.today()
    for number in range(40):
        subject, theme_slug, tags = SUBJECTS[number % len(SUBJECTS)]
        resource_type = next(types)
        title = f"{TITLE_PREFIX[resource_type]} : {subject}"
        slug = slugify(title)[:80]
        if slug in existing:
            continue
        page = ResourcePage(
            title=title,
            slug=slug,
            summary=f"{TITLE_PREFIX[resource_type]} sur un sujet clé : {subject.lower()}.",
            body=_body(subject),
            resource_type=resource_type,
            publication_date=today - datetime.timedelta(days=23 * number),
            author_organisation=organisations[number % len(organisations)]
            if organisations
            else None,
        )
        theme_slugs = {theme_slug, list(themes)[number % len(themes)]}
        page.themes.set([themes[slug] for slug in theme_slugs if slug in themes])
        page.stages.set([stages[number % len(Stage.values)], stages[(number + 3) % len(stages)]])
        page.audiences.set([audiences[number % len(Audience.values)]])
        page.tags.add(*tags)
        if resource_type in (ResourceType.VIDEO, ResourceType.WEBINAR):
            page.links.add(
                ResourceLink(url="https://www.cressoc.org/", title=f"Voir la vidéo : {subject}")
            )
        else:
            document = Document(
                title=title,
                collection=root_collection,
                file=ContentFile(minimal_pdf(title, subject), name=f"{slug[:60]}.pdf"),
            )
            document._set_document_file_metadata()
            document.save()
            page.documents.add(ResourceDocument(document=document))
            if number < len(DOWNLOADS):
                DocumentDownloadCount.objects.update_or_create(
                    document=document, defaults={"count": DOWNLOADS[number]}
                )
        index.add_child(instance=page)
        page.save_revision().publish()
