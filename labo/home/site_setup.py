"""The pages every Labo site needs: the home page and the institutional pages that the law
requires (RGAA declaration, mentions légales, données personnelles).

``ensure_site_structure`` is idempotent: it creates what is missing and never touches a
page that exists, so editors' changes survive every deploy and ``make run``.
"""

import datetime
import json

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page, Site

from labo.accounts import roles

from .models import AccessibilityPage, HomePage, LegalPage

HOME_TITLE = "Le Labo de l'habitat des communs"
HOME_INTRO = (
    "<p>La plateforme collaborative des projets d'habitat participatif, partagé et inclusif "
    "en Occitanie : partagez vos projets, trouvez des ressources, rencontrez-vous et "
    "candidatez aux dispositifs de la Région.</p>"
)


def _rich(*paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def _body(*sections):
    """[(heading, [paragraph, …]), …] → StreamField JSON."""
    blocks = []
    for heading, paragraphs in sections:
        blocks.append({"type": "heading", "value": {"text": heading, "level": "h2"}})
        blocks.append({"type": "paragraph", "value": _rich(*paragraphs)})
    return json.dumps(blocks)


HOME_BODY = json.dumps(
    [
        {
            "type": "call_to_action",
            "value": {
                "title": "Un projet d'habitat en commun ?",
                "text": "Créez votre compte pour présenter votre projet, suivre les sujets "
                "du forum et être informé des rencontres.",
                "link": "/compte/signup/",
                "page": None,
                "link_label": "Créer un compte",
            },
        },
        {
            "type": "call_to_action",
            "value": {
                "title": "Appel à projets VIURE et garantie d'emprunt",
                "text": "Deux dispositifs de la Région Occitanie accompagnent les projets "
                "d'habitat des communs portés par des acteurs de l'économie sociale et solidaire.",
                "link": "",
                "page": None,
                "link_label": "",
            },
        },
    ]
)

LEGAL_NOTICE_BODY = _body(
    (
        "Éditeur du site",
        [
            "Chambre régionale de l'économie sociale et solidaire (CRESS) Occitanie, "
            "association loi 1901, pour le Labo de l'habitat des communs, avec le soutien de "
            "la Région Occitanie.",
        ],
    ),
    ("Directeur ou directrice de la publication", ["La présidence de la CRESS Occitanie."]),
    (
        "Hébergement",
        [
            "Le site et ses données sont hébergés en France. Le nom et l'adresse de "
            "l'hébergeur sont indiqués ici par l'équipe d'exploitation lors de la mise en ligne.",
        ],
    ),
    (
        "Propriété intellectuelle",
        [
            "Les contenus publiés par les membres restent la propriété de leurs auteurs, qui "
            "en autorisent la diffusion sur la plateforme.",
        ],
    ),
)

PRIVACY_BODY = _body(
    (
        "Responsable de traitement",
        ["La CRESS Occitanie est responsable des traitements de données de la plateforme."],
    ),
    (
        "Finalités et bases légales",
        [
            "Gestion des comptes membres, du forum et des notifications : exécution des "
            "conditions d'utilisation (article 6.1.b du RGPD).",
            "Instruction des candidatures à l'appel à projets VIURE et à la garantie "
            "d'emprunt : mission d'intérêt public de la Région Occitanie (article 6.1.e).",
        ],
    ),
    (
        "Durées de conservation",
        [
            "Les données de compte sont conservées tant que le compte est actif, puis "
            "supprimées trois ans après la dernière connexion. Les dossiers de candidature "
            "sont conservés selon les règles d'archivage publiques.",
        ],
    ),
    (
        "Vos droits",
        [
            "Vous pouvez à tout moment exporter vos données et supprimer votre compte depuis "
            "« Mon espace ». Vous disposez d'un droit d'accès, de rectification, d'effacement, "
            "de limitation et d'opposition, à exercer auprès du délégué à la protection des "
            "données de la CRESS Occitanie.",
            "Si vous estimez que vos droits ne sont pas respectés, vous pouvez adresser une "
            "réclamation à la CNIL (www.cnil.fr).",
        ],
    ),
    (
        "Cookies",
        [
            "Le site n'utilise que des cookies nécessaires à son fonctionnement (session, "
            "protection contre la falsification de requêtes). Aucun cookie de mesure "
            "d'audience ni de suivi n'est déposé.",
        ],
    ),
)

# The accessibility declaration states what was tested, and no more: the automated scan of
# tests/browser/test_accessibility.py and the keyboard walk of test_keyboard.py. The figures
# are checked against that scan's table by tests/home/test_accessibility_declaration.py.
# RGAA: without an audit measuring the rate of criteria met, a site is « non conforme ».
ACCESSIBILITY_SCAN_DATE = datetime.date(2026, 12, 7)
ACCESSIBILITY_TEST_RESULTS = (
    "<p>Le site est vérifié par des tests automatisés, exécutés avec la suite de tests du "
    "projet, qui ne couvrent qu'une partie des critères du RGAA :</p>"
    "<ul>"
    "<li>le moteur de tests axe-core 4.12.1, avec ses règles des WCAG 2.0 et 2.1 de niveaux A "
    "et AA et ses bonnes pratiques, dans le navigateur Chromium, à la largeur d'un écran "
    "d'ordinateur puis d'un téléphone, sur 98 pages "
    "représentant les 52 types de pages du site (dont le formulaire de candidature, étape "
    "par étape, les résultats de recherche avec leurs filtres, le forum, la carte des "
    "projets et des formulaires affichant leurs erreurs), sans être connecté et avec "
    "chacun des cinq rôles (membre, porteur de projet, animateur CRESS, instructeur "
    "Région, administrateur) ;</li>"
    "<li>un parcours au clavier seul des chemins principaux (lien d'évitement, menu, "
    "recherche, connexion, forum, formulaire de candidature) qui vérifie que l'élément "
    "actif est toujours visible et signalé, et qu'aucun piège au clavier ne bloque la "
    "navigation.</li>"
    "</ul>"
    "<p>Résultat au 7 décembre 2026 : axe-core ne détecte aucune anomalie d'impact "
    "« grave » ou « critique » sur ces pages, et le parcours au clavier aboutit.</p>"
    "<p>Ces tests automatisés ne remplacent pas un audit : une grande partie des critères "
    "du RGAA (pertinence des alternatives textuelles et des titres, ordre de lecture, "
    "restitution par les lecteurs d'écran, compréhension des contenus…) ne peut être "
    "vérifiée que par une personne. Faute d'audit mesurant le taux de critères respectés, "
    "le site est déclaré « non conforme », comme le prévoit le RGAA.</p>"
)
ACCESSIBILITY_NON_COMPLIANT = (
    "<p>En l'absence d'audit, la liste des contenus non accessibles n'est pas établie. "
    "Sont déjà connus :</p>"
    "<ul>"
    "<li>l'interface d'administration des contenus (Wagtail, logiciel tiers) n'est pas "
    "couverte par ces tests ;</li>"
    "<li>les documents déposés sur le site (PDF, tableurs…) ne sont pas contrôlés ;</li>"
    "<li>le fond de la carte des projets est une image : la liste des projets affichée à "
    "côté de la carte donne les mêmes informations.</li>"
    "</ul>"
)
ACCESSIBILITY_TEST_ENVIRONMENT = (
    "Chromium (paquet Debian) piloté par Playwright, avec axe-core 4.12.1 "
    "(paquet axe-playwright-python).\n"
    "Aucun test n'a encore été mené avec une technologie d'assistance (lecteur d'écran, "
    "commande vocale)."
)


@transaction.atomic
def ensure_site_structure() -> HomePage:
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        home = root.add_child(
            instance=HomePage(title=HOME_TITLE, slug="accueil", intro=HOME_INTRO, body=HOME_BODY)
        )
        # Wagtail's installer leaves a "Welcome to your new Wagtail site!" page: replace it.
        for default_page in root.get_children().exclude(pk=home.pk).type(Page).exact_type(Page):
            default_page.delete()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name=settings.WAGTAIL_SITE_NAME,
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = settings.WAGTAIL_SITE_NAME
        site.save()

    if not AccessibilityPage.objects.exists():
        home.add_child(
            instance=AccessibilityPage(
                title="Déclaration d'accessibilité",
                slug="accessibilite",
                conformity_status=AccessibilityPage.ConformityStatus.NONE,
                declaration_date=datetime.date.today(),
                contact_email="accessibilite@cress-occitanie.org",
                test_results=ACCESSIBILITY_TEST_RESULTS,
                non_compliant_content=ACCESSIBILITY_NON_COMPLIANT,
                test_environment=ACCESSIBILITY_TEST_ENVIRONMENT,
            )
        )
    existing_legal = set(LegalPage.objects.values_list("slug", flat=True))
    for slug, title, summary, body in [
        ("mentions-legales", "Mentions légales", "", LEGAL_NOTICE_BODY),
        (
            "donnees-personnelles",
            "Données personnelles",
            "Comment la plateforme traite vos données, et comment exercer vos droits.",
            PRIVACY_BODY,
        ),
    ]:
        if slug not in existing_legal:
            home.add_child(
                instance=LegalPage(
                    title=title,
                    slug=slug,
                    summary=summary,
                    body=body,
                    last_reviewed=datetime.date.today(),
                )
            )
    grant_editorial_permissions(home)
    from labo.core.registry import site_setup_functions

    for setup in site_setup_functions():
        setup()
    return home


# CRESS facilitators publish the site's content; Region instructors only read in the admin.
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
EDITOR_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]


def grant_editorial_permissions(home: Page) -> None:
    """Wagtail page and collection permissions are rows tied to a page or a collection, so
    they are granted once the home page exists rather than by a migration."""
    # The administrateur can do everything the CRESS editors can (the roles table of README.md).
    for group in Group.objects.filter(name__in=[roles.ANIMATEUR, roles.ADMINISTRATEUR]):
        _grant_editorial_permissions_to(group, home)


def _grant_editorial_permissions_to(group: Group, home: Page) -> None:
    for codename in EDITOR_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=home,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    root_collection = Collection.get_first_root_node()
    for app_label, codename in EDITOR_COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=root_collection,
            permission=Permission.objects.get(content_type__app_label=app_label, codename=codename),
        )
