"""French demo projects for ``load_demo``: 25 projects across the 13 départements and the 7
stages, with teams, organisations, tags and images drawn locally with Pillow (no network).
Idempotent: a project whose slug exists is left alone."""

import io
import random

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.db import transaction
from wagtail.images import get_image_model

from labo.accounts.models import Organisation
from labo.accounts.occitanie import LegalForm

from . import services
from .models import Commune, HabitatType, ProjectIndexPage, ProjectPage, SharedSpace
from .models.teams import ProjectTeamMember
from .site_setup import ensure_project_index

# slug, title, insee, stage, habitat types, legal form, neuf/réhab, milieu, households,
# dwellings, seeking households (text), tags, status (publie / validation / brouillon)
PROJECTS = [
    (
        "maison-des-possibles",
        "La Maison des Possibles",
        "31555",
        "conception",
        ["participatif"],
        "coop_habitants",
        "neuf",
        "urbain",
        12,
        12,
        "Deux familles avec enfants et un foyer retraité.",
        ["autopromotion", "bois"],
        "publie",
    ),
    (
        "hameau-du-cele",
        "Le Hameau du Célé",
        "46102",
        "habite",
        ["oasis", "intergenerationnel"],
        "sci",
        "rehabilitation",
        "rural",
        7,
        7,
        "",
        ["écolieu", "potager"],
        "publie",
    ),
    (
        "residence-les-tisserands",
        "Résidence Les Tisserands",
        "81004",
        "chantier",
        ["inclusif"],
        "association",
        "rehabilitation",
        "urbain",
        8,
        8,
        "",
        ["handicap", "centre-bourg"],
        "publie",
    ),
    (
        "coop-des-garrigues",
        "Coopérative des Garrigues",
        "34172",
        "montage",
        ["participatif"],
        "coop_habitants",
        "neuf",
        "urbain",
        18,
        16,
        "Des foyers prêts à s'engager dans une coopérative d'habitants.",
        ["coopérative", "BRS"],
        "publie",
    ),
    (
        "les-terrasses-du-lot",
        "Les Terrasses du Lot",
        "46042",
        "faisabilite",
        ["partage"],
        "association",
        "rehabilitation",
        "rural",
        5,
        5,
        "Un ou deux foyers aimant le jardinage.",
        ["recherche foncière"],
        "publie",
    ),
    (
        "oasis-de-la-montagne-noire",
        "Oasis de la Montagne Noire",
        "11069",
        "groupe",
        ["oasis"],
        "association",
        "neuf",
        "rural",
        9,
        9,
        "Des foyers intéressés par l'agroécologie.",
        ["écolieu", "agroécologie"],
        "publie",
    ),
    (
        "lou-cantou",
        "Lou Cantou",
        "12202",
        "habite",
        ["intergenerationnel"],
        "scic",
        "rehabilitation",
        "urbain",
        14,
        12,
        "",
        ["intergénérationnel"],
        "publie",
    ),
    (
        "les-voisins-de-saint-gilles",
        "Les Voisins de Saint-Gilles",
        "30258",
        "emergence",
        ["participatif"],
        "",
        "",
        "rural",
        4,
        None,
        "Toute personne intéressée pour constituer le groupe.",
        ["émergence"],
        "publie",
    ),
    (
        "habitat-partage-de-lisle",
        "Habitat partagé de l'Isle",
        "81140",
        "conception",
        ["partage", "intergenerationnel"],
        "sas_coop",
        "neuf",
        "urbain",
        10,
        10,
        "",
        ["bois", "passif"],
        "publie",
    ),
    (
        "la-bergerie-des-causses",
        "La Bergerie des Causses",
        "48095",
        "faisabilite",
        ["participatif"],
        "sci",
        "rehabilitation",
        "rural",
        6,
        6,
        "Deux foyers pour compléter le groupe.",
        ["patrimoine", "pierre"],
        "publie",
    ),
    (
        "cite-jardin-de-tarbes",
        "Cité-jardin de Tarbes",
        "65440",
        "montage",
        ["participatif"],
        "ofs",
        "neuf",
        "urbain",
        20,
        20,
        "",
        ["BRS", "OFS"],
        "publie",
    ),
    (
        "la-maison-du-canigou",
        "La Maison du Canigou",
        "66136",
        "chantier",
        ["inclusif", "partage"],
        "association",
        "rehabilitation",
        "urbain",
        7,
        7,
        "",
        ["handicap"],
        "publie",
    ),
    (
        "les-chenes-de-gascogne",
        "Les Chênes de Gascogne",
        "32013",
        "groupe",
        ["participatif"],
        "association",
        "neuf",
        "rural",
        8,
        8,
        "Des foyers avec enfants.",
        ["bois", "paille"],
        "publie",
    ),
    (
        "cour-commune-de-montauban",
        "La Cour commune de Montauban",
        "82121",
        "habite",
        ["participatif"],
        "sccc",
        "neuf",
        "urbain",
        11,
        11,
        "",
        ["autopromotion"],
        "publie",
    ),
    (
        "ecohameau-du-couserans",
        "Écohameau du Couserans",
        "09261",
        "conception",
        ["oasis"],
        "coop_habitants",
        "neuf",
        "rural",
        10,
        10,
        "Trois foyers pour les derniers logements.",
        ["écolieu", "paille"],
        "publie",
    ),
    (
        "les-tuileries-de-narbonne",
        "Les Tuileries de Narbonne",
        "11262",
        "montage",
        ["participatif", "intergenerationnel"],
        "saa",
        "rehabilitation",
        "urbain",
        15,
        14,
        "",
        ["friche", "réhabilitation"],
        "publie",
    ),
    (
        "habiter-ensemble-a-nimes",
        "Habiter ensemble à Nîmes",
        "30189",
        "faisabilite",
        ["partage"],
        "association",
        "rehabilitation",
        "urbain",
        6,
        6,
        "",
        ["centre ancien"],
        "publie",
    ),
    (
        "les-granges-de-laguiole",
        "Les Granges de l'Aubrac",
        "12119",
        "emergence",
        ["oasis"],
        "",
        "",
        "rural",
        3,
        None,
        "Des foyers prêts à vivre en montagne.",
        ["montagne"],
        "publie",
    ),
    (
        "maison-partagee-de-foix",
        "Maison partagée de Foix",
        "09122",
        "chantier",
        ["inclusif"],
        "bailleur_social",
        "rehabilitation",
        "urbain",
        6,
        6,
        "",
        ["vieillissement"],
        "publie",
    ),
    (
        "le-clos-des-vignes",
        "Le Clos des Vignes",
        "34301",
        "habite",
        ["participatif"],
        "coop_habitants",
        "neuf",
        "urbain",
        16,
        16,
        "",
        ["coopérative", "bois"],
        "publie",
    ),
    (
        "les-jardins-de-lastarac",
        "Les Jardins de l'Astarac",
        "32256",
        "conception",
        ["intergenerationnel"],
        "scic",
        "neuf",
        "rural",
        9,
        9,
        "Des foyers de plus de 60 ans.",
        ["intergénérationnel", "potager"],
        "publie",
    ),
    (
        "habitat-leger-du-larzac",
        "Habitat léger du Larzac",
        "12145",
        "groupe",
        ["oasis"],
        "association",
        "neuf",
        "rural",
        5,
        5,
        "",
        ["habitat léger"],
        "validation",
    ),
    (
        "la-filature-de-lavelanet",
        "La Filature",
        "09160",
        "faisabilite",
        ["participatif"],
        "fonciere_solidaire",
        "rehabilitation",
        "urbain",
        12,
        12,
        "",
        ["friche"],
        "validation",
    ),
    (
        "les-hauts-de-mende",
        "Les Hauts de Mende",
        "48095",
        "emergence",
        ["partage"],
        "",
        "",
        "urbain",
        4,
        None,
        "",
        ["émergence"],
        "validation",
    ),
    (
        "le-moulin-de-lourdes",
        "Le Moulin de Lourdes",
        "65286",
        "montage",
        ["intergenerationnel", "inclusif"],
        "scic",
        "rehabilitation",
        "urbain",
        10,
        10,
        "",
        ["moulin"],
        "brouillon",
    ),
]

SUMMARY = (
    "{title} réunit des foyers qui ont choisi de concevoir ensemble leur habitat à "
    "{commune} : des logements privatifs, des espaces partagés et une gouvernance partagée."
)
BODY = [
    (
        "paragraph",
        "<p>Le groupe s'est constitué autour de valeurs communes : sobriété, "
        "entraide entre voisins et ouverture sur le quartier. Les décisions se prennent en "
        "assemblée, au consentement.</p>",
    ),
    (
        "paragraph",
        "<p>Le projet prévoit une salle commune, une buanderie et un jardin "
        "partagé, ainsi qu'une chambre d'amis pour accueillir familles et visiteurs.</p>",
    ),
]
PALETTE = [(166, 61, 64), (31, 58, 77), (29, 92, 46), (201, 140, 46), (94, 74, 140)]


def _image(title, seed):
    """A simple generated illustration: sky, hills and houses, drawn with Pillow."""
    from PIL import Image as PILImage
    from PIL import ImageDraw

    rng = random.Random(seed)
    width, height = 960, 600
    picture = PILImage.new("RGB", (width, height), (205, 226, 240))
    draw = ImageDraw.Draw(picture)
    color = PALETTE[seed % len(PALETTE)]
    draw.ellipse((-200, 330, 700, 900), fill=(140, 180, 120))
    draw.ellipse((350, 360, 1300, 900), fill=(110, 160, 100))
    for number in range(rng.randint(3, 5)):
        left = 120 + number * 160 + rng.randint(-20, 20)
        top = 300 + rng.randint(-30, 30)
        draw.rectangle((left, top, left + 120, top + 140), fill=color)
        draw.polygon(
            [(left - 10, top), (left + 60, top - 60), (left + 130, top)], fill=(90, 50, 40)
        )
        draw.rectangle((left + 45, top + 80, left + 75, top + 140), fill=(240, 230, 210))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=80)
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name=f"demo-{seed}.jpg")
    )


@transaction.atomic
def load_demo_projects():
    index = ProjectIndexPage.objects.first() or ensure_project_index()
    User = get_user_model()
    porteur = User.objects.filter(email="porteur@labo.demo").first()
    animateur = User.objects.filter(email="animation@labo.demo").first()
    support = Organisation.objects.filter(name="CRESS Occitanie").first()
    existing = set(ProjectPage.objects.values_list("slug", flat=True))
    habitats = {habitat.slug: habitat for habitat in HabitatType.objects.all()}
    spaces = list(SharedSpace.objects.all())
    for position, row in enumerate(PROJECTS):
        (slug, title, insee, stage, types, legal_form, construction, setting, households,
         dwellings, seeking, tags, status) = row  # fmt: skip
        if slug in existing:
            continue
        commune = Commune.objects.get(insee=insee)
        holder, _created = Organisation.objects.get_or_create(
            name=f"Collectif {title}",
            defaults={
                "legal_form": legal_form or LegalForm.ASSOCIATION,
                "departement": commune.departement,
                "kind": Organisation.Kind.HOLDER,
            },
        )
        page = ProjectPage(
            title=title,
            slug=slug,
            summary=SUMMARY.format(title=title, commune=commune.name),
            body=[{"type": kind, "value": value} for kind, value in BODY]
            + [
                {
                    "type": "key_figures",
                    "value": {
                        "title": "En chiffres",
                        "figures": [
                            {"value": str(households), "label": "foyers"},
                            {"value": str(dwellings or "–"), "label": "logements"},
                        ],
                    },
                }
            ],
            commune=commune,
            stage=stage,
            legal_form=legal_form,
            construction=construction,
            setting=setting,
            households=households,
            dwellings=dwellings,
            inhabitants=households * 2 + position % 3,
            living_area=(dwellings or households) * 70,
            shared_area=60 + position * 5,
            seeking_households=bool(seeking),
            seeking_households_text=seeking,
            holder_organisation=holder,
            support_organisation=support,
            owner=porteur,
            live=False,
        )
        page.main_image = _image(f"Illustration – {title}", position)
        page.main_image_alt = f"Dessin de maisons groupées pour le projet {title}"
        index.add_child(instance=page)
        page.habitat_types.set([habitats[slug_] for slug_ in types if slug_ in habitats])
        page.shared_spaces.set(spaces[position % 3 : position % 3 + 3])
        page.tags.add(*tags)
        team = services.team_create(page)
        # The demo adds no accounts (tests/core checks that load_demo creates exactly the
        # demo accounts): Léa, the demo porteur, is in the teams that show every status.
        in_team = porteur is not None and (position == 0 or status != "publie")
        if in_team:
            services.team_add_member(team, porteur, ProjectTeamMember.Role.ADMIN)
        revision = page.save_revision(user=porteur if in_team else animateur)
        if status == "publie":
            revision.publish(user=animateur)
            services.team_allow_direct_publication(page)
        elif status == "validation" and in_team:
            page.get_workflow().start(page, porteur)
