import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings

from labo.accounts import roles
from labo.accounts.models import Organisation
from labo.core.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=True)
def test_load_demo_prints_one_account_per_role_and_is_idempotent(capsys):
    call_command("load_demo")
    first = capsys.readouterr().out
    call_command("load_demo")
    second = capsys.readouterr().out

    User = get_user_model()
    users_after_second_run = User.objects.count()
    call_command("load_demo")
    capsys.readouterr()
    assert User.objects.count() == users_after_second_run
    demo_emails = [email for email, *_ in DEMO_ACCOUNTS]
    assert User.objects.filter(email__in=demo_emails).count() == len(DEMO_ACCOUNTS)
    assert Organisation.objects.filter(name="CRESS Occitanie").count() == 1
    for role in roles.ALL_ROLES:
        assert User.objects.filter(groups__name=role).exists(), role
        assert role in first
    assert DEMO_PASSWORD in first
    assert first == second


@override_settings(DEBUG=True)
def test_demo_accounts_can_log_in_without_further_verification(client):
    call_command("load_demo")
    response = client.post(
        "/compte/login/", {"login": "porteur@labo.demo", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/mon-espace/").status_code == 200


def test_load_demo_refuses_to_run_in_production():
    with pytest.raises(CommandError, match="développement"):
        call_command("load_demo")
