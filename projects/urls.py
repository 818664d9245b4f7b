"""Addresses of the projects app that Wagtail's page routing cannot serve (Wagtail only serves
paths made of ``[\\w-]+/`` segments, so no « .geojson »). To activate, labo/urls.py includes
this module before Wagtail's catch-all: ``path("", include("projects.urls"))``."""

from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [path("projets/carte.geojson", views.geojson_endpoint, name="geojson")]
