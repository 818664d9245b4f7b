"""The site's URLs with projects.urls included, as labo/urls.py will once integrated."""

from django.urls import include, path

from labo.urls import urlpatterns as site_urlpatterns

urlpatterns = [path("", include("projects.urls")), *site_urlpatterns]
