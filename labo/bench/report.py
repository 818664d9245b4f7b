"""Pure figures and rendering of the site benchmark: no Django, no network, so the tests can
check them directly."""

import json
import math
from dataclasses import asdict, dataclass, field

HEADERS = [
    "Page",
    "Adresse",
    "Taille (octets)",
    "Requêtes",
    "Erreurs",
    "p50 (ms)",
    "p95 (ms)",
    "Débit (req/s)",
    "Écart p50 au plancher (ms)",
]


def percentile(values, share):
    """Nearest-rank percentile (``share`` in 0..1): always one of the measured values, so a
    p95 over 20 requests is the 19th slowest request, not an interpolation."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Result:
    name: str
    label: str
    url: str
    latencies_ms: list = field(default_factory=list, repr=False)
    errors: int = 0
    elapsed_s: float = 0.0
    size: int = 0
    is_floor: bool = False

    @property
    def requests(self):
        return len(self.latencies_ms) + self.errors

    @property
    def p50(self):
        return percentile(self.latencies_ms, 0.50)

    @property
    def p95(self):
        return percentile(self.latencies_ms, 0.95)

    @property
    def throughput(self):
        return len(self.latencies_ms) / self.elapsed_s if self.elapsed_s else 0.0

    def summary(self, floor=None):
        data = asdict(self)
        del data["latencies_ms"]
        data.update(
            requests=self.requests,
            p50_ms=round(self.p50, 1),
            p95_ms=round(self.p95, 1),
            throughput_rps=round(self.throughput, 1),
            gap_to_floor_p50_ms=None
            if floor is None or self.is_floor
            else round(self.p50 - floor.p50, 1),
        )
        return data


def _floor(results):
    return next((result for result in results if result.is_floor), None)


def _number(value, digits=1):
    # French typography: decimal comma, narrow no-break space between thousands.
    text = f"{value:,.{digits}f}".replace(",", "\u202f").replace(".", ",")
    return text


def markdown_table(results):
    floor = _floor(results)
    lines = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    for result in results:
        gap = "—" if floor is None or result.is_floor else _number(result.p50 - floor.p50)
        label = f"**{result.label}**" if result.is_floor else result.label
        cells = [
            label,
            f"`{result.url}`",
            _number(result.size, 0),
            str(result.requests),
            str(result.errors),
            _number(result.p50),
            _number(result.p95),
            _number(result.throughput),
            gap,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def markdown_report(results, context):
    """The table with a short header saying how it was measured."""
    head = [
        "# Mesures de performance du Labo",
        "",
        f"- Date : {context['date']}",
        f"- Serveur : {context['server']}",
        f"- Machine : {context['machine']}",
        f"- Clients : {context['concurrency']} connexions simultanées (keep-alive), "
        f"{context['requests']} requêtes par adresse après {context['warmup']} de chauffe",
        f"- Données : {context['volumes']}",
        f"- Charge de la machine au départ : {context['load_average']} (moyenne sur 1 min)",
        "",
        "",
    ]
    return "\n".join(head) + markdown_table(results)


def json_report(results, context):
    floor = _floor(results)
    return json.dumps(
        {"context": context, "results": [result.summary(floor) for result in results]},
        ensure_ascii=False,
        indent=2,
    )
