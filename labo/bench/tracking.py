"""Benchmark of the staff listing and the XLSX export on 5,000 dossiers.

    .venv/bin/python -m labo.bench.tracking [--count 5000]

Seeds ``count`` submitted dossiers (spread over throwaway calls so that each project applies
once per call) inside a transaction that is rolled back at the end: the database is left as it
was. Needs projects (``make run`` / ``load_demo`` creates 25). Prints the listing's p50 and
p95 over 30 requests (first page, 50 rows, counts per stage) and the time of the XLSX export
of all the dossiers, both through the Django test client (full stack: middleware, templates).
"""

import math
import statistics
import sys
import time
from datetime import timedelta
from decimal import Decimal


class _Rollback(Exception):
    pass


def seed(count):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from labo.accounts import roles
    from labo.accounts.occitanie import Departement
    from projects.models import ProjectPage
    from projects.tracking import presets
    from projects.tracking.models import Application, CallStage, Scheme

    projects = list(ProjectPage.objects.values_list("pk", flat=True))
    if not projects:
        raise SystemExit("Aucun projet : lancez d'abord « manage.py load_demo ».")
    calls_needed = math.ceil(count / len(projects))
    now = timezone.now()
    calls = []
    for index in range(calls_needed):
        scheme_number, year = divmod(index, 80)
        scheme, _created = Scheme.objects.get_or_create(
            short_name=f"BENCH{scheme_number}",
            defaults={
                "name": f"Banc d'essai {scheme_number}",
                "kind": Scheme.Kind.CALL_FOR_PROJECTS,
            },
        )
        calls.append(
            presets.create_call(
                scheme,
                year=2020 + year,
                opens_at=now - timedelta(days=60),
                closes_at=now + timedelta(days=60),
            )
        )
    departements = [code for code, _label in Departement.choices]
    rows = []
    for number in range(count):
        call = calls[number // len(projects)]
        stages = [s for s in call.ordered_stages() if s.kind != CallStage.Kind.DRAFT]
        stage = stages[number % 5]
        rows.append(
            Application(
                call=call,
                project_id=projects[number % len(projects)],
                number=number + 1,
                reference=f"{call.scheme.short_name}-{call.year}-{number + 1:04d}",
                stage=stage,
                stage_entered_at=now - timedelta(days=number % 90),
                stage_due_at=now + timedelta(days=(number % 60) - 30),
                operation_title=f"Opération n° {number}",
                departement=departements[number % len(departements)],
                amount_requested=Decimal(10000 + number),
                submitted_at=now - timedelta(days=number % 120),
            )
        )
    Application.objects.bulk_create(rows, batch_size=1000)
    user = get_user_model().objects.create(email="banc-essai@labo.invalid", display_name="Banc")
    user.groups.add(Group.objects.get(name=roles.ADMINISTRATEUR))
    return user


def run(count=5000, out=sys.stdout, requests=30):
    from django.db import transaction
    from django.test import Client
    from django.urls import reverse

    results = {}
    try:
        with transaction.atomic():
            started = time.perf_counter()
            user = seed(count)
            results["seed"] = time.perf_counter() - started
            client = Client(HTTP_HOST="localhost")
            client.force_login(user)
            url = reverse("tracking_staff:list")
            assert client.get(url).status_code == 200
            timings = []
            for _ in range(requests):
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200
            timings.sort()
            results["p50"] = statistics.median(timings)
            results["p95"] = timings[int(len(timings) * 0.95) - 1]
            started = time.perf_counter()
            response = client.get(reverse("tracking_staff:export", args=["xlsx"]))
            assert response.status_code == 200
            results["xlsx"] = time.perf_counter() - started
            results["xlsx_size"] = len(response.content)
            raise _Rollback
    except _Rollback:
        pass
    out.write(
        f"{count} dossiers (création {results['seed']:.1f} s, annulée ensuite)\n"
        f"Liste des dossiers : p50 {results['p50']:.0f} ms, p95 {results['p95']:.0f} ms "
        f"({requests} requêtes)\n"
        f"Export XLSX de tous les dossiers : {results['xlsx']:.2f} s "
        f"({results['xlsx_size'] // 1024} Kio)\n"
    )
    return results


if __name__ == "__main__":
    import argparse
    import os

    import django

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5000)
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "labo.settings.dev")
    django.setup()
    run(count=options.count)
