"""The full-text index of the database backend, for the database in use.

- PostgreSQL: the ``unaccent`` extension, a ``labo_french`` text search configuration
  (French snowball stemmer and stop words after unaccent), and a generated ``search_vector``
  column weighting title (A) > summary (B) > body (C), with a GIN index.
- SQLite: an FTS5 table whose rowid is the entry's id; its text is analysed in Python
  (``search.analysis``) and the unicode61 tokenizer removes any diacritics left.
"""

from django.db import migrations

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """
    DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'labo_french') THEN
            CREATE TEXT SEARCH CONFIGURATION labo_french (COPY = french);
            ALTER TEXT SEARCH CONFIGURATION labo_french
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
        END IF;
    END $$
    """,
    """
    ALTER TABLE search_searchentry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('labo_french'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('labo_french'::regconfig, coalesce(summary, '')), 'B')
        || setweight(to_tsvector('labo_french'::regconfig, coalesce(body, '')), 'C')
    ) STORED
    """,
    "CREATE INDEX search_entry_vector ON search_searchentry USING GIN (search_vector)",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_vector",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vector",
]
SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE search_entry_fts USING fts5("
    "title, summary, body, tokenize = 'unicode61 remove_diacritics 2')"
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS search_entry_fts"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
