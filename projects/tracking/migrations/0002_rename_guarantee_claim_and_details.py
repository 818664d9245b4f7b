# Written by hand: the autodetector sees a new model and a deleted one when a rename also
# changes a related_name, which would drop every recorded « mise en jeu ».

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tracking", "0001_initial"),
    ]

    operations = [
        # « call » now only ever means an « appel »: a « mise en jeu » is a claim.
        migrations.RenameModel(old_name="GuaranteeCall", new_name="GuaranteeClaim"),
        migrations.AlterField(
            model_name="guaranteeclaim",
            name="loan",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="guarantee_claims",
                to="tracking.loan",
            ),
        ),
        # What the guarantee adds to an Application: « dossier » stays in the French text.
        migrations.RenameModel(old_name="GuaranteeDossier", new_name="GuaranteeDetails"),
    ]
