"""Search benchmark: seeds 10,000 documents and measures searches on the configured backend.

Run ``python manage.py search_benchmark`` (``make bench``). Everything happens in one
transaction that is rolled back at the end, so the real index is left untouched. The
figures are wall-clock times of ``search.service.search`` calls (count, hits, facets and
highlights included), as the results page makes them.
"""

import datetime
import random
import statistics
import time

from django.db import connection, transaction

from search.backends import get_backend
from search.documents import SearchDocument

_VOCABULARY = (
    "habitat partagé participatif inclusif coopérative habitants jardin salle commune atelier "
    "foncier solidaire bail réel gouvernance statuts financement prêt garantie emprunt chantier "
    "conception émergence groupe logement social locatif accession rénovation neuf rural urbain "
    "écolieu oasis énergie bois paille mutualisation voisinage seniors familles enfants "
    "association SCIC SAS collectivité commune région Occitanie rencontre webinaire visite "
    "agora atelier formation guide fiche modèle étude retour expérience vidéo outil"
)
WORDS = _VOCABULARY.split()
PLACES = "Montpellier Toulouse Nîmes Albi Rodez Perpignan Tarbes Foix Cahors Mende Auch".split()  # noqa: SIM905
DEPARTMENTS = ["09", "11", "12", "30", "31", "32", "34", "46", "48", "65", "66", "81", "82"]
STAGES = ["emergence", "groupe", "faisabilite", "conception", "montage", "chantier", "habite"]
THEMES = ["juridique", "financement", "foncier", "gouvernance", "vie-collective"]
RESOURCE_TYPES = ["guide", "fiche-pratique", "modele", "etude", "video"]
TYPES = ["project", "resource", "event", "topic"]

QUERIES = [
    ("habitat", {}),
    ("habitats partagés", {}),
    ("coopérative d'habitants", {}),
    ("foncier solidaire Montpellier", {}),
    ("jardin", {"type": ["project"]}),
    ("habitat participatif", {"type": ["project"], "department": ["34", "31"]}),
    ("guide financement", {"type": ["resource"], "theme": ["financement"]}),
    ("", {}),
    ("", {"department": ["34"], "stage": ["conception"]}),
]


SYLLABLES = [c + v for c in "bdlmrst" for v in "aeiou"]


def _vocabulary(rng, size=5000):
    """Domain words among made-up ones, drawn with Zipf-like weights: common words (habitat,
    partagé…) appear in many documents and most words in few, as in a real corpus."""
    made_up = set()
    while len(made_up) < size - len(WORDS):
        made_up.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    made_up = sorted(made_up)
    rng.shuffle(made_up)
    # The domain words take ranks 40 to ~100: frequent, but no word is in every document
    # (the commonest words of a real text are stop words, removed by the analysis).
    words = made_up[:40] + WORDS + made_up[40:]
    weights = [1 / (rank + 1) for rank in range(len(words))]
    return words, weights


def _text(rng, words, vocabulary):
    return " ".join(rng.choices(vocabulary[0], weights=vocabulary[1], k=words))


def documents(count=10_000, seed=42):
    rng = random.Random(seed)
    vocabulary = _vocabulary(rng)
    start = datetime.date(2020, 1, 1)
    for number in range(count):
        kind = TYPES[number % len(TYPES)]
        yield SearchDocument(
            id=f"{kind}:{1_000_000 + number}",
            type=kind,
            title=f"{_text(rng, 4, vocabulary).capitalize()} à {rng.choice(PLACES)}",
            url=f"/bench/{number}/",
            summary=_text(rng, 25, vocabulary),
            body=_text(rng, 250, vocabulary),
            date=start + datetime.timedelta(days=rng.randrange(2500)),
            themes=rng.sample(THEMES, 2) if kind == "resource" else [],
            tags=rng.sample(WORDS, 2),
            departments=[rng.choice(DEPARTMENTS)] if kind in ("project", "event") else [],
            stages=[rng.choice(STAGES)] if kind in ("project", "resource") else [],
            resource_types=[rng.choice(RESOURCE_TYPES)] if kind == "resource" else [],
        )


def _percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


class _Rollback(Exception):
    pass


def run(count=10_000, repeat=20, out=print):
    from search import service

    backend = get_backend()
    report = {}
    try:
        with transaction.atomic():
            seeded = time.perf_counter()
            backend.rebuild(documents(count))
            backend.refresh()
            if connection.vendor == "postgresql" and backend.name == "database":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT gin_clean_pending_list('search_entry_vector')")
                    cursor.execute("ANALYZE search_searchentry")
                    cursor.execute("ANALYZE search_searchfacet")
            out(
                f"{count} documents indexés en {time.perf_counter() - seeded:.1f} s "
                f"({backend.name}, {connection.vendor})"
            )
            all_times = []
            for query, filters in QUERIES:
                times = []
                for attempt in range(repeat + 2):
                    begin = time.perf_counter()
                    results = service.search(query, filters)
                    elapsed = (time.perf_counter() - begin) * 1000
                    if attempt >= 2:  # warm-up
                        times.append(elapsed)
                all_times += times
                label = f"{query or '(vide)'!r} {filters or ''}"
                report[label] = (statistics.median(times), _percentile(times, 0.95), results.total)
                out(
                    f"  {label:<75} p50 {report[label][0]:6.1f} ms   p95 "
                    f"{report[label][1]:6.1f} ms   {results.total} résultats"
                )
            suggest_times = []
            for attempt in range(repeat + 2):
                begin = time.perf_counter()
                service.suggest("habit par")
                if attempt >= 2:
                    suggest_times.append((time.perf_counter() - begin) * 1000)
            out(
                f"  {'suggestions « habit par »':<75} p50 {statistics.median(suggest_times):6.1f} "
                f"ms   p95 {_percentile(suggest_times, 0.95):6.1f} ms"
            )
            report["all"] = (statistics.median(all_times), _percentile(all_times, 0.95), None)
            out(f"Toutes recherches : p50 {report['all'][0]:.1f} ms, p95 {report['all'][1]:.1f} ms")
            raise _Rollback
    except _Rollback:
        pass
    return report
