"""Websocket routes of every app, mounted by labo.asgi."""

from django.urls import re_path

from forum.routing import websocket_urlpatterns as forum_routes
from labo.core.consumers import UnknownPathConsumer
from labo.notifications.routing import websocket_urlpatterns as notification_routes

websocket_urlpatterns = [
    *notification_routes,
    *forum_routes,
    # Last: whatever the routes above did not match.
    re_path(r"^.*$", UnknownPathConsumer.as_asgi()),
]
