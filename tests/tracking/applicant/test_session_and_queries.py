"""Nothing typed is lost when the session expires; list pages keep a flat query count."""

import pytest
from django.urls import reverse

from projects.tracking.applicant.views import REPLAY_COOKIE

from ..factories import draft_application, open_viure_call, project_with_team, submitted_application

pytestmark = pytest.mark.django_db


def test_a_post_after_the_session_expired_is_saved_after_logging_in_again(client):
    application = draft_application(operation_title="")
    user = application.project.team.members.get()
    url = reverse("tracking_applicant:step", args=[application.pk, "operation"])
    response = client.post(
        url,
        {"operation_title": "Écrit pendant une heure", "operation_description": "Long texte"},
    )
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    application.refresh_from_db()
    assert application.operation_title == ""
    client.force_login(user)
    next_url = response.url.split("next=")[1]
    from urllib.parse import unquote

    response = client.get(unquote(next_url))
    assert response.status_code == 200
    assert "récupéré" in response.content.decode()
    application.refresh_from_db()
    assert application.operation_title == "Écrit pendant une heure"
    assert application.operation_description == "Long texte"


def test_a_stashed_post_is_only_replayed_by_the_browser_that_made_it(client):
    application = draft_application(operation_title="")
    user = application.project.team.members.get()
    url = reverse("tracking_applicant:step", args=[application.pk, "operation"])
    response = client.post(url, {"operation_title": "Injecté"})
    from urllib.parse import unquote

    target = unquote(response.url.split("next=")[1])
    client.cookies.pop(REPLAY_COOKIE)
    client.force_login(user)
    client.get(target)
    application.refresh_from_db()
    assert application.operation_title == ""


def test_my_dossiers_list_has_a_flat_query_count(client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call = open_viure_call()
    user = project_with_team().team.members.get()
    client.force_login(user)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("tracking_applicant:list")).status_code == 200
        return len(queries)

    project = project_with_team(user)
    draft_application(call, project=project, user=user)
    count()  # warms the per-process caches (site root, content types)
    one = count()
    for _index in range(4):
        submitted_application(call, project=project_with_team(user), user=user)
    assert count() == one
    dashboard = reverse("accounts:dashboard")
    client.get(dashboard)
    with CaptureQueriesContext(connection) as queries:
        client.get(dashboard)
    first = len(queries)
    submitted_application(call, project=project_with_team(user), user=user)
    with CaptureQueriesContext(connection) as queries:
        client.get(dashboard)
    assert len(queries) <= first + 2  # other sections (projects) may grow by their own rows


def test_an_autosave_after_the_session_expired_asks_to_log_in_and_keeps_the_text(client):
    application = draft_application(operation_title="")
    user = application.project.team.members.get()
    url = reverse("tracking_applicant:step", args=[application.pk, "operation"])
    response = client.post(
        url + "?autosave=1", {"operation_title": "Tapé hors session"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Votre session a expiré" in html
    assert REPLAY_COOKIE in response.cookies
    from html import unescape
    from urllib.parse import unquote

    login_url = unescape(html.split('href="')[1].split('"')[0])
    client.force_login(user)
    client.get(unquote(login_url.split("next=")[1]))
    application.refresh_from_db()
    assert application.operation_title == "Tapé hors session"


# --- what a stranger can make the server keep (#15, finding 5) ------------------------------


def stash(client, application_pk, slug, data, **extra):
    """An anonymous POST to a step; returns (response, what the server kept for it)."""
    from django.core.cache import cache

    url = reverse("tracking_applicant:step", args=[application_pk, slug])
    response = client.post(url, data, **extra)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    token = response.cookies[REPLAY_COOKIE].value
    return response, cache.get(f"tracking:reprise:{token}")


def test_only_the_step_of_an_existing_draft_is_kept_for_a_stranger(client):
    draft = draft_application()
    _response, kept = stash(client, draft.pk, "operation", {"operation_title": "Tapé"})
    assert kept["data"] == {"operation_title": ["Tapé"]}
    # The same answer (a login page and a cookie) whether or not there is anything to keep.
    for pk, slug in [(draft.pk + 1000, "operation"), (draft.pk, "inconnue")]:
        _response, kept = stash(client, pk, slug, {"operation_title": "Tapé"})
        assert kept is None, (pk, slug)
    submitted = submitted_application(draft.call)
    _response, kept = stash(client, submitted.pk, "operation", {"operation_title": "Tapé"})
    assert kept is None


def test_what_is_kept_for_a_stranger_is_bounded_in_size_and_time(client):
    from projects.tracking.applicant.views import REPLAY_MAX_BYTES

    draft = draft_application()
    long_text = "é" * 5000
    response, kept = stash(client, draft.pk, "operation", {"operation_description": long_text})
    assert kept["data"]["operation_description"] == [long_text]
    assert int(response.cookies[REPLAY_COOKIE]["max-age"]) <= 24 * 60 * 60
    flood = {"operation_description": "x" * REPLAY_MAX_BYTES}
    _response, kept = stash(client, draft.pk, "operation", flood)
    assert kept is None


def test_a_stranger_cannot_make_the_server_keep_posts_without_end(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "tracking_stash": "3/h/ip"}
    draft = draft_application()
    kept = [
        stash(client, draft.pk, "operation", {"operation_title": f"n° {n}"})[1] for n in range(4)
    ]
    assert [entry is not None for entry in kept] == [True, True, True, False]
    # Another address is not held back by the first one's posts.
    _response, other = stash(
        client, draft.pk, "operation", {"operation_title": "ailleurs"}, REMOTE_ADDR="192.0.2.7"
    )
    assert other is not None
