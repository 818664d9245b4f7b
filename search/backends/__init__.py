"""Backend selection: Elasticsearch when ``ELASTICSEARCH_URL`` is set, the database otherwise."""

from django.conf import settings

from .base import BaseBackend, SearchBackendError

_backends: dict[str, BaseBackend] = {}


def backend_name() -> str:
    configured = getattr(settings, "SEARCH_BACKEND", "")
    if configured:
        return configured
    return "elasticsearch" if getattr(settings, "ELASTICSEARCH_URL", "") else "database"


def get_backend(name: str | None = None) -> BaseBackend:
    name = name or backend_name()
    if name not in _backends:
        if name == "elasticsearch":
            from .elasticsearch import ElasticsearchBackend

            _backends[name] = ElasticsearchBackend()
        else:
            from .database import DatabaseBackend

            _backends[name] = DatabaseBackend()
    return _backends[name]


def reset_backends() -> None:
    _backends.clear()


__all__ = ["BaseBackend", "SearchBackendError", "backend_name", "get_backend", "reset_backends"]
