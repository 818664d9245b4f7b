"""URLs of the agenda outside the index page's own URL space (the index and event pages
route their views themselves, see models)."""

from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("agenda.ics", views.feed, name="feed"),
]
