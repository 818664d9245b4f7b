import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from labo.accounts import roles
from labo.accounts.models import Organisation
from labo.core.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from tests.worlds import load_demo

pytestmark = pytest.mark.django_db


def row_counts():
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


def test_load_demo_prints_one_account_per_role(demo):
    User = get_user_model()
    demo_emails = [email for email, *_ in DEMO_ACCOUNTS]
    assert User.objects.filter(email__in=demo_emails).count() == len(DEMO_ACCOUNTS)
    assert Organisation.objects.filter(name="CRESS Occitanie").count() == 1
    for role in roles.ALL_ROLES:
        assert User.objects.filter(groups__name=role).exists(), role
        assert role in demo
    assert DEMO_PASSWORD in demo


def test_load_demo_is_idempotent_for_every_table(demo):
    """The one proof of idempotency for every app's demo loader: a second run over the full
    demo adds, removes and prints nothing new, table by table."""
    before = row_counts()
    again = load_demo()
    after = row_counts()
    changed = {
        label: (before[label], after[label]) for label in before if before[label] != after[label]
    }
    assert not changed, f"Le second chargement de la démo a modifié : {changed}"
    assert again == demo


def test_demo_accounts_can_log_in_without_further_verification(demo, client):
    response = client.post(
        "/compte/login/", {"login": "porteur@labo.demo", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/mon-espace/").status_code == 200


def test_load_demo_refuses_to_run_in_production():
    with pytest.raises(CommandError, match="développement"):
        call_command("load_demo")
