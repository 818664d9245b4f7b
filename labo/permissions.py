"""The one place that answers « may this user do this (to this object)? ».

Views, templates and Channels consumers call ``can(user, action, obj)``; each answer carries
the French reason of a refusal, shown to the user or logged. Apps register their rules with
``@rule("app.action")`` in their own ``rules.py`` (imported by their AppConfig.ready), so a
newcomer finds every rule of an app next to its models.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from labo.accounts import roles


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""

    def __bool__(self):
        return self.allowed


ALLOW = Decision(True)

_RULES: dict[str, tuple[Callable, bool]] = {}


def rule(action: str, *, anonymous: bool = False):
    """Register the rule for ``action``. Visitors who are not logged in are refused before
    the rule runs, unless ``anonymous=True`` says the rule decides for them too."""

    def register(func):
        if action in _RULES:
            raise ValueError(f"A rule for {action!r} is already registered.")
        _RULES[action] = (func, anonymous)
        return func

    return register


def deny(reason) -> Decision:
    return Decision(False, str(reason))


def can(user, action: str, obj=None) -> Decision:
    if action not in _RULES:
        # An unknown action is a programming error: refuse loudly rather than allow.
        raise KeyError(f"No permission rule registered for {action!r}.")
    func, allows_anonymous = _RULES[action]
    if not user.is_authenticated:
        if not allows_anonymous:
            return deny(_("Connectez-vous pour accéder à cette page."))
    elif not user.is_active:
        return deny(_("Ce compte est désactivé."))
    result = func(user, obj)
    if isinstance(result, Decision):
        return result
    return ALLOW if result else deny(_("Vous n'avez pas l'autorisation de faire cette action."))


def registered_actions() -> list[str]:
    return sorted(_RULES)


def has_role(user, *role_names: str) -> bool:
    """Group membership, cached on the user object for the request."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_labo_role_names", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._labo_role_names = cached
    return (
        user.is_superuser and roles.ADMINISTRATEUR in role_names or bool(cached & set(role_names))
    )


def is_staff_role(user) -> bool:
    return user.is_authenticated and (user.is_superuser or has_role(user, *roles.STAFF_ROLES))
