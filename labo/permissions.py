"""The one place that answers « may this user do this (to this object)? ».

Views, templates and Channels consumers call ``can(user, action, obj)``; each answer carries
the French reason of a refusal, shown to the user or logged. Views and services that must stop
on a refusal call ``require`` (or decorate the view with ``@rule_required``), so the refusal
always carries the rule's reason. Apps register their rules with ``@rule("app.action")`` in
their own ``rules.py`` (imported by their AppConfig.ready), so a newcomer finds every rule of an
app next to its models.

A read rule that lists pages also needs the same answer as a queryset (« every topic this user
may read »). Such a rule registers its queryset twin beside it, ``@rule(..., objects=func)``;
``allowed_objects(user, action)`` returns it, and a test checks, user by user and object by
object, that the rule and its twin agree.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.core.exceptions import PermissionDenied
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
_OBJECTS: dict[str, Callable] = {}


def rule(action: str, *, anonymous: bool = False, objects: Callable | None = None):
    """Register the rule for ``action``. Visitors who are not logged in are refused before
    the rule runs, unless ``anonymous=True`` says the rule decides for them too.
    ``objects(user)`` is the rule's queryset twin: every object the rule allows to ``user``."""

    def register(func):
        if action in _RULES:
            raise ValueError(f"A rule for {action!r} is already registered.")
        _RULES[action] = (func, anonymous)
        if objects is not None:
            _OBJECTS[action] = objects
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


def require(user, action: str, obj=None, *, refusal=PermissionDenied) -> Decision:
    """``can``, raising ``refusal(reason)`` when the answer is no: a 403 with the French reason
    in views, the caller's own exception in services (e.g. a refused transition)."""
    decision = can(user, action, obj)
    if not decision:
        raise refusal(decision.reason)
    return decision


def rule_required(action: str):
    """View decorator for a rule about no particular object: a visitor who is not logged in
    goes to the login page (and comes back), anyone else the rule refuses gets a 403 with its
    reason."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            decision = can(request.user, action)
            if not decision:
                if not request.user.is_authenticated:
                    # Imported here: this module is loaded while apps are still registering.
                    from django.contrib.auth.views import redirect_to_login

                    return redirect_to_login(request.get_full_path())
                raise PermissionDenied(decision.reason)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def allowed_objects(user, action: str):
    """The queryset twin of a read rule: the objects ``can(user, action, obj)`` allows."""
    objects = _OBJECTS[action](user)
    _func, allows_anonymous = _RULES[action]
    if user.is_authenticated and not user.is_active:
        return objects.none()
    if not user.is_authenticated and not allows_anonymous:
        return objects.none()
    return objects


def registered_actions() -> list[str]:
    return sorted(_RULES)


def actions_with_objects() -> list[str]:
    return sorted(_OBJECTS)


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


def users_with_role(*role_names: str):
    """The queryset twin of ``has_role``: active accounts holding one of the roles (superusers
    count as administrators, as in ``has_role``)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    holders = Q(groups__name__in=role_names)
    if roles.ADMINISTRATEUR in role_names:
        holders |= Q(is_superuser=True)
    return get_user_model().objects.filter(holders, is_active=True).distinct()
