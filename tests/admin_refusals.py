"""Wagtail's two refusals, in French, asserted exactly by the admin tests.

A staff user lacking the permission is sent back to the admin home with ``PERMISSION_DENIED``; a
logged-in member without a staff role is sent to the admin access page with ``NO_ADMIN_ACCESS``.
The messages are compared word for word, so a change of wording or of destination fails the tests.
"""

import html

from django.contrib.messages import get_messages
from django.urls import reverse

PERMISSION_DENIED = "Désolé, vous n'avez pas les autorisations pour accéder à cette zone."
NO_ADMIN_ACCESS = "Vous n’avez pas l’autorisation d’accéder à l’administration."


def messages_of(response):
    return [html.unescape(str(message)).strip() for message in get_messages(response.wsgi_request)]


def admin_request(client, method, url, data=None):
    """``client.get``/``client.post`` whose messages are only those of this request."""
    client.cookies.pop("messages", None)
    return getattr(client, method)(url, data or {})


def admin_access_url(next_url):
    return f"{reverse('accounts:admin_access')}?next={next_url}"


def assert_refused_by_wagtail(response):
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    assert messages_of(response) == [PERMISSION_DENIED]


def assert_sent_to_admin_access(response, next_url):
    assert response.status_code == 302
    assert response.url == admin_access_url(next_url)
    assert messages_of(response) == [NO_ADMIN_ACCESS]
