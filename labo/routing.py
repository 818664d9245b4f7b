"""Websocket routes of every app, mounted by labo.asgi."""

from forum.routing import websocket_urlpatterns as forum_routes
from labo.notifications.routing import websocket_urlpatterns as notification_routes

websocket_urlpatterns = [*notification_routes, *forum_routes]
