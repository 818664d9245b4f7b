"""Storage of the database backend (``backends/database.py``).

``SearchEntry`` holds one flat search document; ``SearchFacet`` one (facet, value) pair of it,
so facet counts are a single GROUP BY on any database. The full-text index is created by
migration 0002 for the database in use: a generated, weighted ``tsvector`` column with a
French + unaccent configuration on PostgreSQL, an FTS5 table on SQLite.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    document_id = models.CharField(max_length=64, unique=True)
    type = models.CharField(max_length=32, db_index=True)
    title = models.CharField(max_length=255)
    # Folded title with a leading space, so "contains ' habit'" finds word starts.
    title_words = models.CharField(max_length=260, db_index=True)
    url = models.CharField(max_length=500)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    date = models.DateField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("entrée de l'index de recherche")
        verbose_name_plural = _("entrées de l'index de recherche")

    def __str__(self):
        return self.document_id


class SearchFacet(models.Model):
    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="facets")
    name = models.CharField(max_length=32)
    value = models.CharField(max_length=100)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "name", "value"], name="search_facet_unique")
        ]
        indexes = [models.Index(fields=["name", "value", "entry"], name="search_facet_lookup")]

    def __str__(self):
        return f"{self.name}={self.value}"


class SearchIndexVersion(models.Model):
    """A single row whose token changes with every write to the index, in the same
    transaction. Cached facet counts are keyed by it: a write makes them unreachable as soon
    as it is visible, and a rolled-back write brings back the token (and counts) of the data
    that is still there, which a counter kept in the cache could not do."""

    token = models.UUIDField(default=uuid.uuid4)

    def __str__(self):
        return str(self.token)
