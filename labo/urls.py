from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from labo.core import views as core_views

handler403 = "labo.core.views.permission_denied"
handler404 = "labo.core.views.page_not_found"
handler500 = "labo.core.views.server_error"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    path("compte/", include("allauth.urls")),
    path("mon-espace/", include("labo.accounts.urls")),
    path("notifications/", include("labo.notifications.urls")),
    path("recherche/", include("search.urls")),
    path("forum/", include("forum.urls")),
    path("candidatures/", include("projects.tracking.applicant.urls")),
    path("instruction/", include("projects.tracking.staff.urls")),
    path("garanties/", include("projects.tracking.guarantees.urls")),
    path("plan-du-site/", core_views.site_map, name="site_map"),
    path("sitemap.xml", sitemap, name="sitemap_xml"),
    path("", include("labo.events.urls")),
    path("", include("projects.urls")),
]

urlpatterns.append(
    re_path(
        rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$",
        core_views.public_media,
        name="public_media",
    )
)
urlpatterns.append(path("", include(wagtail_urls)))
