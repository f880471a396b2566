"""Every URL of Knotwork: each app owns its patterns in its `urls.py`; this module only includes
them, the API and Django's admin. tests/web/test_access_matrix.py fails when a URL has no access
rule."""

from django.contrib import admin
from django.urls import include, path

from knotwork.api.root import api

urlpatterns = [
    path("", include("knotwork.accounts.urls")),
    path("", include("knotwork.web.urls")),
    path("", include("knotwork.patients.urls")),
    path("", include("knotwork.live.urls")),
    path("", include("knotwork.painmaps.urls")),
    path("", include("knotwork.finder.urls")),
    path("", include("knotwork.clinics.urls")),
    path("", include("knotwork.intake.urls")),
    path("", include("knotwork.courses.urls")),
    path("", include("knotwork.reports.urls")),
    path("", include("knotwork.interop.urls")),
    path("", include("knotwork.insight.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
