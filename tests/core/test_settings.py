"""The production settings guard: run in a subprocess so each case gets a fresh Django."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_python(*args, **env_overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(DJANGO_SETTINGS_MODULE="labo.settings.production", **env_overrides)
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "command",
    [["-c", "from labo.asgi import application"], ["manage.py", "check"]],
    ids=["asgi-server", "manage.py"],
)
@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "SECRET_KEY doit être défini en production."),
        (
            {"SECRET_KEY": secrets.token_urlsafe(60)},
            "ALLOWED_HOSTS doit être défini en production.",
        ),
    ],
)
def test_production_refuses_to_start_without_secret_key_and_hosts(command, env, message):
    result = run_python(*command, **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_passes_the_deployment_checklist():
    result = run_python(
        "manage.py",
        "check",
        "--deploy",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="labo.example.fr",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
