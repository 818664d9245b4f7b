"""allauth's account adapter, with the failed-login lock counted per account *and* network
address (``ACCOUNT_RATE_LIMITS["login_failed"]``, « 5/300s/key »)."""

from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import gettext_lazy as _


class LaboAccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "Trop de tentatives de connexion échouées pour ce compte depuis votre connexion "
            "internet : réessayez dans cinq minutes, ou réinitialisez votre mot de passe."
        ),
    }

    def _get_login_attempts_cache_key(self, request, **credentials):
        # Counted per account alone, anyone could lock any account for five minutes by
        # failing its password on purpose. Per account and address, the owner elsewhere
        # still logs in; guessing from one address stays capped, and many addresses are
        # capped by « 10/m/ip ». allauth has no setting for this key: this private hook is
        # where it builds it (checked by tests/accounts/test_signup_login.py on upgrades).
        key = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{key}:{self.get_client_ip(request)}"
