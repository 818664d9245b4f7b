"""Adapters turn one kind of object into ``SearchDocument``s. Adding a searchable type is one
small module here: a subclass of ``Adapter`` (or ``PageAdapter``) and a ``register()`` call,
imported by ``load_adapters()`` when its app is installed."""

import importlib
import logging

from django.apps import apps

from .base import Adapter, PageAdapter, searchable_text

logger = logging.getLogger(__name__)

_ADAPTERS: dict[str, Adapter] = {}

# module name → the app label it needs. The forum is optional: it is indexed only when its
# app and models exist.
ADAPTER_MODULES = {
    "projects": "projects",
    "resources": "resources",
    "events": "events",
    "forum": "forum",
}


_BY_MODEL: dict[type, list[Adapter]] = {}


def register(adapter: Adapter) -> Adapter:
    _ADAPTERS[adapter.type] = adapter
    _BY_MODEL.clear()
    return adapter


def get_adapter(type_name: str) -> Adapter | None:
    return _ADAPTERS.get(type_name)


def all_adapters() -> list[Adapter]:
    return list(_ADAPTERS.values())


def adapters_for_model(model) -> list[Adapter]:
    """Adapters indexing ``model`` itself or following it (``watched_models``). Called on
    every save of the site, hence the cache."""
    if model in _BY_MODEL:
        return _BY_MODEL[model]
    found = []
    for adapter in _ADAPTERS.values():
        target = adapter.get_model()
        if target is None:
            continue
        if issubclass(model, target) or any(
            issubclass(model, watched) for watched, _ in adapter.get_watched_models()
        ):
            found.append(adapter)
    _BY_MODEL[model] = found
    return found


def load_adapters() -> None:
    for module, app_label in ADAPTER_MODULES.items():
        try:
            apps.get_app_config(app_label)
        except LookupError:
            continue
        try:
            importlib.import_module(f"{__name__}.{module}")
        except (ImportError, LookupError) as error:
            # An app being written may not have its models yet: search works without it.
            logger.info("Search adapter %s not loaded: %s", module, error)


__all__ = [
    "Adapter",
    "PageAdapter",
    "adapters_for_model",
    "all_adapters",
    "get_adapter",
    "load_adapters",
    "register",
    "searchable_text",
]
