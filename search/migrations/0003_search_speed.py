"""Faster searches on the database backend (issue #5: p95 ≤ 50 ms on 10,000 entries).

- ``SearchIndexVersion``: the token that keys cached facet counts (see its docstring).
- PostgreSQL only:
  - ``search_vector`` kept in the row (STORAGE MAIN), compressed with lz4 when the server
    has it. Ranking reads the whole vector of every matching entry (``ts_rank`` cannot rank
    from the index); stored out of line in the TOAST table (the default for values over
    ~2 kB, as here), each read cost a TOAST index lookup and several chunk fetches, most of
    a broad query's time. The body and summary are moved out of line first instead. Rows
    written before this migration keep their old storage until rewritten
    (``manage.py search_index --rebuild``).
  - An index in the order of browsing and of rank ties (date DESC NULLS LAST, id): the
    default index on date only serves ASC NULLS LAST / DESC NULLS FIRST.
"""

import uuid

from django.db import migrations, models

PG_FORWARD = [
    "ALTER TABLE search_searchentry ALTER COLUMN search_vector SET STORAGE MAIN",
    # lz4 decompresses several times faster than pglz; not every server is built with it.
    """
    DO $$ BEGIN
        ALTER TABLE search_searchentry ALTER COLUMN search_vector SET COMPRESSION lz4;
    EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN NULL;
    END $$
    """,
    "CREATE INDEX search_entry_recent ON search_searchentry (date DESC NULLS LAST, id)",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_recent",
    "ALTER TABLE search_searchentry ALTER COLUMN search_vector SET STORAGE EXTENDED",
    "ALTER TABLE search_searchentry ALTER COLUMN search_vector SET COMPRESSION DEFAULT",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [
        migrations.CreateModel(
            name="SearchIndexVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("token", models.UUIDField(default=uuid.uuid4)),
            ],
        ),
        migrations.RunPython(_run(PG_FORWARD), _run(PG_BACKWARD)),
    ]
