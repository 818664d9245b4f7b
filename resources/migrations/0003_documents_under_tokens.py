"""Documents stored before their names were made unguessable move to
``documents/<random token>/<name>`` (see resources.signals), so that an old path learnt from a
file name no longer leads to the file."""

import os
import re
import secrets

from django.db import migrations

STORED_UNDER_A_TOKEN = re.compile(r"^documents/[0-9a-f]{24}/[^/]+$")


def move_documents(apps, schema_editor):
    Document = apps.get_model("wagtaildocs", "Document")
    storage = Document._meta.get_field("file").storage
    for document in Document.objects.exclude(file="").iterator():
        old_name = document.file.name
        if STORED_UNDER_A_TOKEN.match(old_name) or not storage.exists(old_name):
            continue
        with storage.open(old_name, "rb") as content:
            new_name = storage.save(
                f"documents/{secrets.token_hex(12)}/{os.path.basename(old_name)}",
                content,
                max_length=Document._meta.get_field("file").max_length,
            )
        Document.objects.filter(pk=document.pk).update(file=new_name)
        storage.delete(old_name)


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0002_seed_stages_and_audiences"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(move_documents, migrations.RunPython.noop)]
