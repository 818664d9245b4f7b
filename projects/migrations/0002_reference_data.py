"""Install the Occitanie communes (projects/data/communes_occitanie.csv) and the initial habitat
types and shared spaces. Re-running is harmless: existing rows are updated, none is deleted
(a project may point at a commune that a later official list merges)."""

import csv
from decimal import Decimal
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "communes_occitanie.csv"

HABITAT_TYPES = [
    ("participatif", "Habitat participatif"),
    ("partage", "Habitat partagé"),
    ("inclusif", "Habitat inclusif"),
    ("intergenerationnel", "Habitat intergénérationnel"),
    ("oasis", "Oasis"),
    ("cooperatif", "Coopérative d'habitants"),
]

SHARED_SPACES = [
    ("salle-commune", "Salle commune"),
    ("buanderie", "Buanderie"),
    ("chambre-amis", "Chambre d'amis"),
    ("atelier", "Atelier"),
    ("jardin", "Jardin ou potager"),
    ("cuisine", "Cuisine partagée"),
    ("local-velos", "Local vélos"),
    ("bureau", "Bureau partagé"),
]


def normalise_name(value):
    # Same as projects.models.communes.normalise_name, copied: migrations must not import
    # application code that may change later.
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", value)
    ascii_only = "".join(char for char in decomposed if not unicodedata.combining(char))
    cleaned = ascii_only.lower().replace("-", " ").replace("'", " ").replace("’", " ")
    return " ".join(cleaned.split())


def load(apps, schema_editor):
    Commune = apps.get_model("projects", "Commune")
    existing = set(Commune.objects.values_list("insee", flat=True))
    new, changed = [], []
    with DATA.open(encoding="utf-8") as data:
        for row in csv.DictReader(data):
            commune = Commune(
                insee=row["insee"],
                name=row["nom"],
                search_name=normalise_name(row["nom"]),
                departement=row["departement"],
                latitude=Decimal(row["latitude"]),
                longitude=Decimal(row["longitude"]),
            )
            (changed if commune.insee in existing else new).append(commune)
    Commune.objects.bulk_create(new, batch_size=500)
    Commune.objects.bulk_update(
        changed, ["name", "search_name", "departement", "latitude", "longitude"], batch_size=500
    )
    for model_name, terms in (("HabitatType", HABITAT_TYPES), ("SharedSpace", SHARED_SPACES)):
        model = apps.get_model("projects", model_name)
        for order, (slug, name) in enumerate(terms):
            model.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
