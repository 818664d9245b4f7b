"""Extension points that feature apps plug into from their AppConfig.ready(), so adding a
section of the site never means editing the shared files of another app.

- ``site_setup``: functions creating what the site needs to run (index pages, workflows),
  run by ``manage.py setup_site`` and by ``load_demo``; each must be idempotent.
- ``demo_loaders``: functions adding French demo content, run by ``load_demo`` in order.
- ``demo_contexts``: context managers that ``load_demo`` enters around all the loaders (an
  app's bulk-loading mode).
- ``dashboard_sections``: blocks of « Mon espace », each a template and a context function.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(order=True)
class _Entry:
    order: int
    name: str
    func: Callable = field(compare=False)
    template: str = field(default="", compare=False)


_site_setup: dict[str, _Entry] = {}
_demo_loaders: dict[str, _Entry] = {}
_demo_contexts: dict[str, Callable] = {}
_dashboard_sections: dict[str, _Entry] = {}


def register_site_setup(name: str, func: Callable[[], None], *, order: int = 100) -> None:
    _site_setup[name] = _Entry(order, name, func)


def register_demo_loader(name: str, func: Callable[[], None], *, order: int = 100) -> None:
    """``func()`` adds its demo content and returns nothing; it runs after the accounts."""
    _demo_loaders[name] = _Entry(order, name, func)


def register_demo_context(name: str, factory: Callable) -> None:
    """``factory()`` returns a context manager entered around every demo loader."""
    _demo_contexts[name] = factory


def register_dashboard_section(
    name: str, template: str, context: Callable, *, order: int = 100
) -> None:
    """``context(request)`` returns the template's context, or None to hide the section."""
    _dashboard_sections[name] = _Entry(order, name, context, template)


def site_setup_functions() -> list[Callable]:
    return [entry.func for entry in sorted(_site_setup.values())]


def demo_loaders() -> list[Callable]:
    return [entry.func for entry in sorted(_demo_loaders.values())]


def demo_contexts() -> list[Callable]:
    return [_demo_contexts[name] for name in sorted(_demo_contexts)]


def dashboard_sections(request) -> list[dict]:
    sections = []
    for entry in sorted(_dashboard_sections.values()):
        context = entry.func(request)
        if context is not None:
            sections.append({"name": entry.name, "template": entry.template, "context": context})
    return sections
