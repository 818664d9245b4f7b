"""The stades and publics are fixed vocabularies (resources/choices.py) stored as rows so a
resource can carry several of them; this creates the rows once."""

from django.db import migrations

STAGES = ["emergence", "constitution", "faisabilite", "conception", "montage", "chantier", "habite"]
AUDIENCES = ["habitants", "porteurs", "collectivites", "accompagnateurs"]


def seed(apps, schema_editor):
    for model_name, codes in (("ResourceStage", STAGES), ("ResourceAudience", AUDIENCES)):
        model = apps.get_model("resources", model_name)
        for position, code in enumerate(codes):
            model.objects.update_or_create(code=code, defaults={"position": position})


class Migration(migrations.Migration):
    dependencies = [("resources", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
