"""Request middleware of the whole site: the health check answered before anything else runs,
compression of pages and API answers, and oversized request bodies refused before parsing."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.middleware.gzip import GZipMiddleware

from knotwork.web.views import HEALTH_PATH, healthz


class HealthCheckMiddleware:
    """/healthz first of all: a load balancer's probe needs no session, user, clinic or
    security headers, only the database's answer (web/views.py)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.path == HEALTH_PATH:
            return healthz(request)
        return self.get_response(request)


class CompressionMiddleware(GZipMiddleware):
    """GZip for pages and API answers (static files come compressed from WhiteNoise).

    BREACH (guessing a secret from compressed sizes) needs the victim's browser to send many
    requests the attacker chose, with the victim's cookies, whose answers mix the guess with
    the secret. Here: Django masks the CSRF token afresh in every response (a different string
    each time, so it cannot be guessed byte by byte); GZipMiddleware pads each response by a
    random length (Django's "Heal the Breach" mitigation); the session cookie is SameSite=Lax,
    so requests another site makes carry no session and answer no patient data; and a request
    the browser marks as cross-site (`Sec-Fetch-Site: cross-site`) is answered uncompressed.
    """

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if request.headers.get("Sec-Fetch-Site") == "cross-site":
            return response
        return super().process_response(request, response)


class BodySizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            limit_kib = settings.MAX_REQUEST_BYTES // 1024
            message = (
                f"The request is too large ({length // 1024} KiB); the limit is {limit_kib} KiB."
            )
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=413)
            return HttpResponse(message, status=413, content_type="text/plain")
        return self.get_response(request)


class ResponseHeadersMiddleware:
    """Permissions-Policy and `Cache-Control: no-store` on every response but static files.

    It sits after WhiteNoise, which answers static files itself; everything else is a page, an
    API answer or a download (CSV, SVG, PDF, FHIR, calendar feed) that may carry patient data,
    so no browser, shared computer or proxy may keep a copy, whatever the view said.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response["Cache-Control"] = "no-store"
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
