"""The bridge between Wagtail's admin and ``labo.permissions``: admin viewsets whose access is a
Labo rule (not a Django model permission) use ``RulePermissionPolicy``, so the answer the admin
gives and the one the site gives come from the same rule.

Wagtail 7.4 asks a viewset for its ``permission_policy``; there is no global registry of
policies to hook into, so each viewset returns one of these.
"""

from wagtail.permission_policies.base import BasePermissionPolicy

from labo.permissions import can


class RulePermissionPolicy(BasePermissionPolicy):
    """Grants ``actions`` (Wagtail's « add », « change », « delete », « view ») to the users
    the rule allows. ``users`` is the rule's queryset twin, for Wagtail's « who may… » lists;
    a test checks that the two agree."""

    def __init__(self, model, rule, actions, users):
        super().__init__(model)
        self.rule = rule
        self.actions = frozenset(actions)
        self.users = users

    def user_has_permission(self, user, action):
        return action in self.actions and bool(can(user, self.rule))

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        if not self.actions & set(actions):
            return self.users().none()
        return self.users()

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])
