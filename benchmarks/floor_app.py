"""The floor of benchmarks/http_load.py: one bare Django view, no middleware, no database.

Served by uvicorn exactly as `knotwork web` serves Knotwork (same server, same workers), so a
page's p50 divided by this view's p50 is what Knotwork itself adds to a request.

    python -m uvicorn floor_app:application --app-dir benchmarks
"""

from __future__ import annotations

from django.conf import settings
from django.core.asgi import get_asgi_application
from django.http import HttpRequest, HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY="floor-of-the-load-benchmark",  # nothing is signed with it
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    DATABASES={},
)

BODY = b"<!doctype html><title>floor</title><p>ok</p>"


def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse(BODY)


urlpatterns = [path("floor", floor)]

application = get_asgi_application()
