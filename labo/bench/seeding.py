"""Realistic volumes for the site benchmark, seeded once and kept in the benchmark's own
database (``labo.settings.bench``): 1,000 projects, 10,000 resources, 10,000 forum posts,
5,000 dossiers, plus the accounts the load scenario logs in with.

Every step counts what is already there and only adds the difference, so a second run seeds
nothing. The demo content (``load_demo``) comes first: it creates the site tree, the roles'
accounts, the taxonomies and calls the other steps build on.
"""

import contextlib
import datetime
import math
import random
import time
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from tqdm import tqdm

PROJECTS = 1_000
RESOURCES = 10_000
POSTS = 10_000
APPLICATIONS = 5_000
POSTS_PER_TOPIC = 20
MEMBERS = 60  # one per simulated member, more than the load scenario's users
STAFF = 10
PASSWORD = "banc-essai-labo-2026"  # noqa: S105 - throwaway accounts of the bench database
MEMBER_EMAIL = "membre-{:03d}@banc-essai.invalid"
STAFF_EMAIL = "instruction-{:03d}@banc-essai.invalid"
FORUM_CATEGORY = "banc-essai"
APPLICATION_PREFIX = "BANC"
BATCH = 200

_VOCABULARY = (
    "habitat partagé participatif inclusif coopérative habitants jardin salle commune atelier "
    "foncier solidaire bail réel gouvernance statuts financement prêt garantie emprunt chantier "
    "conception émergence groupe logement social locatif accession rénovation neuf rural urbain "
    "écolieu oasis énergie bois paille mutualisation voisinage seniors familles enfants "
    "association collectivité région Occitanie rencontre visite agora formation guide fiche"
)
WORDS = _VOCABULARY.split()


def _sentence(rng, count):
    return " ".join(rng.choice(WORDS) for _ in range(count)).capitalize() + "."


@contextlib.contextmanager
def _search_signals_paused():
    """The search index is rebuilt in one pass at the end (``search_index --rebuild``): one
    queued task per saved page would only redo that work 20,000 times."""
    from search.indexing import DISPATCH_PREFIX, object_changed

    post_save.disconnect(dispatch_uid=f"{DISPATCH_PREFIX}-save")
    try:
        yield
    finally:
        post_save.connect(object_changed, dispatch_uid=f"{DISPATCH_PREFIX}-save")


def _batches(total, label):
    """Yield batch sizes adding up to ``total``, with a progress bar."""
    with tqdm(total=total, desc=label, unit=" obj", leave=True) as bar:
        done = 0
        while done < total:
            size = min(BATCH, total - done)
            yield size
            done += size
            bar.update(size)


def seed_projects(rng, target=PROJECTS):
    from labo.accounts.models import Organisation
    from projects.models import Commune, HabitatType, ProjectIndexPage, ProjectPage, SharedSpace
    from projects.models.pages import Construction, Setting, Stage

    index = ProjectIndexPage.objects.first()
    missing = target - ProjectPage.objects.count()
    if missing <= 0:
        return 0
    communes = list(Commune.objects.order_by("?")[:400])
    habitats = list(HabitatType.objects.all())
    spaces = list(SharedSpace.objects.all())
    images = list(
        ProjectPage.objects.exclude(main_image=None).values_list("main_image_id", flat=True)
    )
    support = Organisation.objects.filter(name="CRESS Occitanie").first()
    start = ProjectPage.objects.count()
    for size in _batches(missing, "Projets"):
        with transaction.atomic():
            for _ in range(size):
                start += 1
                commune = rng.choice(communes)
                households = rng.randint(4, 30)
                seeking = rng.random() < 0.3
                title = f"Habitat partagé n° {start} à {commune.name}"
                page = ProjectPage(
                    title=title,
                    slug=f"banc-essai-{start}",
                    summary=f"{title} : {_sentence(rng, 20)}",
                    body=[
                        {"type": "paragraph", "value": f"<p>{_sentence(rng, 60)}</p>"},
                        {"type": "paragraph", "value": f"<p>{_sentence(rng, 60)}</p>"},
                    ],
                    commune=commune,
                    stage=rng.choice(Stage.values),
                    construction=rng.choice(Construction.values),
                    setting=rng.choice(Setting.values),
                    households=households,
                    dwellings=households,
                    inhabitants=households * 2,
                    seeking_households=seeking,
                    seeking_households_text="Une famille avec enfants" if seeking else "",
                    support_organisation=support,
                    main_image_id=rng.choice(images) if images else None,
                    main_image_alt="Dessin de maisons groupées" if images else "",
                    live=True,
                    first_published_at=timezone.now()
                    - datetime.timedelta(days=rng.randrange(1500)),
                )
                index.add_child(instance=page)
                page.habitat_types.set(rng.sample(habitats, min(2, len(habitats))))
                page.shared_spaces.set(rng.sample(spaces, min(3, len(spaces))))
    return missing


def seed_resources(rng, target=RESOURCES):
    from resources.choices import ResourceType
    from resources.models import ResourceIndexPage, ResourcePage, ResourceStage, Theme

    index = ResourceIndexPage.objects.first()
    missing = target - ResourcePage.objects.count()
    if missing <= 0:
        return 0
    themes = list(Theme.objects.all())
    stages = list(ResourceStage.objects.all())
    start = ResourcePage.objects.count()
    today = datetime.date.today()
    for size in _batches(missing, "Ressources"):
        with transaction.atomic():
            for _ in range(size):
                start += 1
                subject = " ".join(rng.sample(WORDS, 4))
                page = ResourcePage(
                    title=f"Fiche {start} : {subject}",
                    slug=f"banc-essai-{start}",
                    summary=_sentence(rng, 25),
                    body=[{"type": "paragraph", "value": f"<p>{_sentence(rng, 120)}</p>"}],
                    resource_type=rng.choice(ResourceType.values),
                    publication_date=today - datetime.timedelta(days=rng.randrange(2000)),
                    live=True,
                    first_published_at=timezone.now(),
                )
                index.add_child(instance=page)
                page.themes.set(rng.sample(themes, min(2, len(themes))))
                page.stages.set(rng.sample(stages, min(1, len(stages))))
    return missing


def seed_accounts():
    """Members (one per simulated member of the load scenario, so that no one reaches the
    forum's per-member limits) and instructors, all with ``PASSWORD`` and a verified e-mail."""
    from allauth.account.models import EmailAddress

    from labo.accounts import roles

    User = get_user_model()
    wanted = [(MEMBER_EMAIL.format(n), f"Membre {n}", [roles.MEMBRE]) for n in range(MEMBERS)]
    wanted += [
        (STAFF_EMAIL.format(n), f"Instructeur {n}", [roles.MEMBRE, roles.INSTRUCTEUR])
        for n in range(STAFF)
    ]
    existing = set(User.objects.filter(email__endswith="@banc-essai.invalid").values_list(
        "email", flat=True
    ))  # fmt: skip
    wanted = [row for row in wanted if row[0] not in existing]
    if not wanted:
        return 0
    # One hash for all: hashing is deliberately slow, and these accounts share a password.
    password = make_password(PASSWORD)
    # Older than the forum's "new member" window, whose stricter limits are not under test.
    joined = timezone.now() - datetime.timedelta(days=90)
    groups = {group.name: group for group in Group.objects.all()}
    with transaction.atomic():
        for email, name, group_names in wanted:
            user = User.objects.create(
                email=email, display_name=name, password=password, date_joined=joined
            )
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
            user.groups.add(*(groups[name] for name in group_names))
    return len(wanted)


def seed_forum(rng, target=POSTS):
    from forum import markdown
    from forum.models import Category, Post, Topic

    User = get_user_model()
    category, _created = Category.objects.get_or_create(
        slug=FORUM_CATEGORY,
        defaults={
            "name": "Entraide entre projets",
            "description": "Questions et retours d'expérience entre groupes d'habitants.",
            "visibility": Category.Visibility.PUBLIC,
        },
    )
    missing = target - Post.objects.filter(topic__category=category).count()
    if missing <= 0:
        return 0
    authors = list(User.objects.filter(email__endswith="@banc-essai.invalid"))
    # A few dozen bodies rendered once: the Markdown renderer is not what is measured here.
    bodies = []
    for _ in range(40):
        body = f"{_sentence(rng, 40)}\n\n- {_sentence(rng, 8)}\n- {_sentence(rng, 8)}"
        bodies.append((body, markdown.render(body)))
    start = timezone.now() - datetime.timedelta(days=365)
    number = Topic.objects.filter(category=category).count()
    for size in _batches(missing, "Messages du forum"):
        with transaction.atomic():
            for first in range(0, size, POSTS_PER_TOPIC):
                number += 1
                when = start + datetime.timedelta(hours=number)
                topic = Topic.objects.create(
                    category=category,
                    author=rng.choice(authors),
                    title=f"{_sentence(rng, 6)[:-1]} ({number})",
                    created_at=when,
                    last_post_at=when,
                )
                posts = []
                for position in range(min(POSTS_PER_TOPIC, size - first)):
                    body, html = rng.choice(bodies)
                    posts.append(
                        Post(
                            topic=topic,
                            author=rng.choice(authors),
                            body=body,
                            body_html=html,
                            created_at=when + datetime.timedelta(minutes=position * 7),
                        )
                    )
                Post.objects.bulk_create(posts)
                Topic.objects.filter(pk=topic.pk).update(
                    last_post=posts[-1],
                    last_post_at=posts[-1].created_at,
                    reply_count=len(posts) - 1,
                )
    return missing


def seed_applications(target=APPLICATIONS):
    """Submitted dossiers spread over the stages of calls created with the VIURE pipeline
    presets, as the tracking benchmark seeds them but kept, under schemes of their own
    (``BANC…``) so that ``tracking_benchmark`` can still seed and roll back its ``BENCH…``
    ones on this database."""
    from labo.accounts.occitanie import Departement
    from projects.models import ProjectPage
    from projects.tracking import presets
    from projects.tracking.models import Application, CallStage, Scheme

    if Application.objects.filter(reference__startswith=APPLICATION_PREFIX).exists():
        return 0
    projects = list(ProjectPage.objects.order_by("pk").values_list("pk", flat=True))
    now = timezone.now()
    departements = Departement.values
    per_call = len(projects)  # one dossier per project and call
    rows = []
    with transaction.atomic():
        for index in range(math.ceil(target / per_call)):
            scheme, _created = Scheme.objects.get_or_create(
                short_name=f"{APPLICATION_PREFIX}{index}",
                defaults={
                    "name": f"Banc d'essai du site {index}",
                    "kind": Scheme.Kind.CALL_FOR_PROJECTS,
                },
            )
            call = presets.create_call(
                scheme,
                year=2026,
                opens_at=now - datetime.timedelta(days=60),
                closes_at=now + datetime.timedelta(days=60),
            )
            stages = [s for s in call.ordered_stages() if s.kind != CallStage.Kind.DRAFT]
            for offset in range(min(per_call, target - len(rows))):
                number = len(rows)
                rows.append(
                    Application(
                        call=call,
                        project_id=projects[offset],
                        number=offset + 1,
                        reference=f"{scheme.short_name}-2026-{offset + 1:04d}",
                        stage=stages[number % 5],
                        stage_entered_at=now - datetime.timedelta(days=number % 90),
                        stage_due_at=now + datetime.timedelta(days=(number % 60) - 30),
                        operation_title=f"Opération d'habitat partagé n° {number + 1}",
                        departement=departements[number % len(departements)],
                        amount_requested=Decimal(10_000 + number * 7),
                        submitted_at=now - datetime.timedelta(days=number % 120),
                    )
                )
        with tqdm(total=len(rows), desc="Dossiers", unit=" obj") as bar:
            for first in range(0, len(rows), 1000):
                batch = rows[first : first + 1000]
                Application.objects.bulk_create(batch)
                bar.update(len(batch))
    return target


def seed_all(out=print):
    """Seed what is missing and return ``{step: (count added, seconds)}``."""
    from labo.core.demo import load_demo

    rng = random.Random(2026)
    report = {}

    def step(name, function, *args):
        started = time.perf_counter()
        added = function(*args)
        report[name] = (added, time.perf_counter() - started)
        out(f"{name} : {added} ajouté(s) en {report[name][1]:.1f} s")
        return added

    with _search_signals_paused():
        # Only on a new database: the demo loaders re-examine existing content and take a
        # minute once the volumes are in; the bench accounts mark a database already seeded.
        if not get_user_model().objects.filter(email__endswith="@banc-essai.invalid").exists():
            step("contenu de démonstration (comptes)", lambda: len(load_demo()))
        step("comptes", seed_accounts)
        added = step("projets", seed_projects, rng)
        added += step("ressources", seed_resources, rng)
        added += step("messages du forum", seed_forum, rng)
        step("dossiers", seed_applications)
    if added or not _search_index_filled():
        started = time.perf_counter()
        call_command("search_index", rebuild=True)
        report["index de recherche"] = (None, time.perf_counter() - started)
        out(f"index de recherche reconstruit en {report['index de recherche'][1]:.1f} s")
    return report


def _search_index_filled():
    from search.models import SearchEntry

    return SearchEntry.objects.count() >= PROJECTS + RESOURCES


def bench_targets():
    """The URLs the benchmark measures, taken from the seeded data (the floor excepted)."""
    from forum.models import Topic
    from projects.models import ProjectIndexPage, ProjectPage
    from projects.tracking.models import Application
    from resources.models import ResourceIndexPage

    projects = ProjectIndexPage.objects.first().url
    projects_seeded = ProjectPage.objects.live().filter(slug__startswith="banc-essai-")
    topic = Topic.objects.filter(category__slug=FORUM_CATEGORY).order_by("pk").first()
    dossier = (
        Application.objects.filter(reference__startswith=APPLICATION_PREFIX).order_by("pk").first()
    )
    return {
        "home": "/",
        "project": projects_seeded.order_by("pk")[PROJECTS // 2].url,
        "directory": f"{projects}?departement=34&stade=conception&milieu=urbain",
        "resources": ResourceIndexPage.objects.first().url,
        "search": "/recherche/?q=habitat+participatif+coop%C3%A9rative",
        "topic": f"/forum/sujets/{topic.pk}/",
        "staff": "/instruction/",
        "dossier": f"/instruction/dossiers/{dossier.pk}/",
    }
