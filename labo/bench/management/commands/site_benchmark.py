"""``manage.py site_benchmark``: the whole site under its production server, on PostgreSQL
and Redis, with realistic volumes. See ``labo/bench/`` and README.md, « Mesures de
performance ». Run with ``DJANGO_SETTINGS_MODULE=labo.settings.bench`` (``make bench``)."""

import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from labo.bench import client, report, seeding
from labo.bench.server import free_port, running_server

# name, label (French, printed), whether it needs the staff session
TARGETS = [
    ("home", "Accueil", False),
    ("project", "Page d'un projet", False),
    ("directory", "Annuaire des projets filtré", False),
    ("resources", "Centre de ressources", False),
    ("search", "Recherche « habitat participatif coopérative »", False),
    ("topic", "Sujet du forum (20 messages)", False),
    ("staff", "Liste d'instruction (5 000 dossiers)", True),
]


class Command(BaseCommand):
    help = (
        "Sème des volumes réalistes puis mesure les pages du site (p50, p95, débit) sous "
        "uvicorn avec plusieurs processus, à côté d'un plancher ; --load lance aussi le "
        "scénario de charge locust."
    )

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=300, help="requêtes par adresse")
        parser.add_argument("--concurrency", type=int, default=8, help="clients simultanés")
        # Sync views run one at a time per ASGI process (asgiref's thread-sensitive mode),
        # so a third process keeps a core busy while another waits on PostgreSQL; more
        # would only fight over the two cores with the clients and the databases.
        parser.add_argument("--workers", type=int, default=3, help="processus uvicorn")
        parser.add_argument("--port", type=int, help="port du serveur (défaut : un port libre)")
        parser.add_argument("--skip-seed", action="store_true", help="ne rien semer")
        parser.add_argument("--seed-only", action="store_true", help="semer, sans mesurer")
        parser.add_argument("--output", default="bench-results/site", help="préfixe .json/.md")
        parser.add_argument("--load", action="store_true", help="scénario de charge locust")
        parser.add_argument("--only-load", action="store_true", help="seulement locust")
        parser.add_argument("--users", type=int, default=50)
        parser.add_argument("--spawn-rate", type=float, default=10)
        parser.add_argument("--duration", default="2m")

    def handle(self, *args, **options):
        if settings.ROOT_URLCONF != "labo.bench.urls":
            raise CommandError(
                "Lancez avec DJANGO_SETTINGS_MODULE=labo.settings.bench (voir « make bench ») : "
                "le banc d'essai a sa propre base et ne touche jamais celles des tests."
            )
        self._ensure_database()
        out = self.stdout.write
        call_command("migrate", interactive=False, verbosity=0)
        # The manifest storage of production needs the hashed files before the first page;
        # collecting takes minutes, so --skip-seed reuses them when they are there.
        manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
        if not options["skip_seed"] or not manifest.exists():
            out("Fichiers statiques (collectstatic)…")
            call_command("collectstatic", interactive=False, verbosity=0)
        if not options["skip_seed"]:
            started = time.perf_counter()
            seeding.seed_all(out=out)
            out(f"Semis terminé en {time.perf_counter() - started:.1f} s.")
        volumes = self._volumes()
        out(f"Données : {volumes}")
        if options["seed_only"]:
            return
        targets = seeding.bench_targets()
        options["port"] = options["port"] or free_port()
        with running_server(options["port"], options["workers"], out=out):
            failed = False
            if not options["only_load"]:
                self._measure(targets, volumes, options)
            if options["load"] or options["only_load"]:
                failed = self._load(targets, options)
        if failed:
            raise CommandError("Le scénario de charge a eu des erreurs.")

    def _ensure_database(self):
        """The benchmark database is created if missing, as .ci/run does for the tests'."""
        import psycopg

        database = settings.DATABASES["default"]
        if database["ENGINE"] != "django.db.backends.postgresql":
            raise CommandError("Le banc d'essai tourne sur PostgreSQL (BENCH_DATABASE_URL).")
        params = {
            "dbname": "postgres",
            "host": database["HOST"] or None,
            "port": database["PORT"] or None,
            "user": database["USER"] or None,
            "password": database["PASSWORD"] or None,
            "autocommit": True,
        }
        with psycopg.connect(**{k: v for k, v in params.items() if v is not None}) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [database["NAME"]]
            ).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{database["NAME"]}"')
                self.stdout.write(f"Base {database['NAME']} créée.")

    def _volumes(self):
        from forum.models import Post
        from projects.models import ProjectPage
        from projects.tracking.models import Application
        from resources.models import ResourcePage

        return (
            f"{ProjectPage.objects.count()} projets, {ResourcePage.objects.count()} ressources, "
            f"{Post.objects.count()} messages du forum, {Application.objects.count()} dossiers"
        )

    def _measure(self, targets, volumes, options):
        out = self.stdout.write
        port = options["port"]
        staff_cookie = client.login(port, seeding.STAFF_EMAIL.format(0), seeding.PASSWORD)
        cookies = {name: staff_cookie if staff else "" for name, _label, staff in TARGETS}
        sizes = {name: client.fetch_size(port, targets[name], cookies[name]) for name in cookies}
        floor_size = int(statistics.median(sizes.values()))
        floor_url = f"/__bench__/plancher/?octets={floor_size}"
        rows = [("floor", "Plancher (vue Django nue, même taille)", floor_url, "", True)]
        rows += [(name, label, targets[name], cookies[name], False) for name, label, _ in TARGETS]
        # Taken before the clients start: other work on the machine weighs on the figures.
        load_average = f"{os.getloadavg()[0]:.2f}".replace(".", ",")
        results = []
        for name, label, url, cookie, is_floor in rows:
            out(f"Mesure : {label} ({url})")
            results.append(
                client.measure(
                    port,
                    name,
                    label,
                    url,
                    requests=options["requests"],
                    concurrency=options["concurrency"],
                    warmup=options["concurrency"] * 2,
                    cookie=cookie,
                    floor=is_floor,
                )
            )
        context = {
            "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "server": f"uvicorn, {options['workers']} processus, PostgreSQL + Redis, DEBUG off",
            "machine": f"{os.cpu_count()} cœurs ({platform.machine()}), partagés par les "
            "clients, le serveur, PostgreSQL et Redis",
            "concurrency": options["concurrency"],
            "requests": options["requests"],
            "warmup": options["concurrency"] * 2,
            "volumes": volumes,
            "floor_size": floor_size,
            "load_average": load_average,
        }
        markdown = report.markdown_report(results, context)
        output = Path(options["output"])
        output.parent.mkdir(parents=True, exist_ok=True)
        output.with_suffix(".md").write_text(markdown, encoding="utf-8")
        output.with_suffix(".json").write_text(
            report.json_report(results, context), encoding="utf-8"
        )
        out("")
        out(markdown)
        out(f"Résultats écrits dans {output.with_suffix('.md')} et {output.with_suffix('.json')}.")
        errors = sum(result.errors for result in results)
        if errors:
            raise CommandError(f"{errors} réponse(s) en erreur pendant les mesures.")

    def _load(self, targets, options):
        """Locust, headless and bounded, against the same server; True if anything failed."""
        from forum.models import Topic
        from projects.tracking.models import Application

        out = self.stdout.write
        csv_prefix = Path(options["output"]).with_name("load")
        csv_prefix.parent.mkdir(parents=True, exist_ok=True)
        scenario = {
            **targets,
            "topics": list(
                Topic.objects.filter(category__slug=seeding.FORUM_CATEGORY)
                .order_by("pk")
                .values_list("pk", flat=True)[:200]
            ),
            "dossiers": list(
                Application.objects.filter(reference__startswith=seeding.APPLICATION_PREFIX)
                .order_by("pk")
                .values_list("pk", flat=True)[:200]
            ),
            "member_email": seeding.MEMBER_EMAIL,
            "member_count": seeding.MEMBERS,
            "staff_email": seeding.STAFF_EMAIL,
            "staff_count": seeding.STAFF,
            "password": seeding.PASSWORD,
        }
        locust = Path(sys.executable).with_name("locust")
        locustfile = Path(__file__).resolve().parents[2] / "locustfile.py"
        command = [
            str(locust),
            "-f",
            str(locustfile),
            "--headless",
            "-u",
            str(options["users"]),
            "-r",
            str(options["spawn_rate"]),
            "-t",
            options["duration"],
            "--host",
            f"http://127.0.0.1:{options['port']}",
            "--csv",
            str(csv_prefix),
            "--only-summary",
            "--stop-timeout",
            "30",
        ]
        out(f"Scénario de charge : {' '.join(command[1:])}")
        env = {**os.environ, "LABO_BENCH_SCENARIO": json.dumps(scenario)}
        completed = subprocess.run(command, env=env, check=False)  # noqa: S603
        stats = Path(f"{csv_prefix}_stats.csv")
        if not stats.exists():
            raise CommandError("locust n'a pas écrit ses statistiques.")
        total = _aggregated(stats)
        out(
            f"Charge : {total['Request Count']} requêtes, {total['Failure Count']} erreurs, "
            f"p50 {total['50%']} ms, p95 {total['95%']} ms, {float(total['Requests/s']):.1f} req/s "
            f"({options['users']} utilisateurs, {options['duration']})."
        )
        return completed.returncode != 0 or int(total["Failure Count"]) > 0


def _aggregated(path):
    import csv

    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == "Aggregated":
                return row
    raise CommandError(f"Pas de ligne « Aggregated » dans {path}.")
