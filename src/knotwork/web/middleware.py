"""Request middleware of the whole site: the health check answered before anything else runs,
compression of pages and API answers, oversized request bodies refused before parsing, text
with control characters refused, and the headers every response but static files carries."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.middleware.gzip import GZipMiddleware
from django.urls import Resolver404, resolve

from knotwork.common.forms import CHECKED_BY_FORMS
from knotwork.common.text import text_problem
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
    """Refuse oversized request bodies (413) before anything reads them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.MAX_REQUEST_BYTES
        if length > limit:
            limit = max(limit, _upload_limit(request))
        if length > limit:
            limit_kib = limit // 1024
            message = (
                f"The request is too large ({length // 1024} KiB); the limit is {limit_kib} KiB."
            )
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=413)
            return HttpResponse(message, status=413, content_type="text/plain")
        return self.get_response(request)


def _upload_limit(request: HttpRequest) -> int:
    """The larger request size of a page that takes an upload (settings.UPLOAD_REQUEST_BYTES)."""
    try:
        name = resolve(request.path_info).url_name
    except Resolver404:
        return 0
    return int(settings.UPLOAD_REQUEST_BYTES.get(name or "", 0))


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


def _json_texts(value: object, path: str) -> Iterator[tuple[str, str]]:
    """(field path, text) for every key and string in a decoded JSON body."""
    if isinstance(value, str):
        yield path or "body", value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _json_texts(item, f"{path}[{index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            field = f"{path}.{key}" if path else str(key)
            yield field, str(key)
            yield from _json_texts(item, field)


def _texts(request: HttpRequest) -> Iterator[tuple[str, str]]:
    """(field name, text) for every text the request carries: query, form fields, JSON."""
    for name, values in request.GET.lists():
        yield name, name
        for value in values:
            yield name, value
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    content_type = request.content_type or ""
    if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        for name, values in request.POST.lists():
            yield name, name
            for value in values:
                yield name, value
        for name, uploads in request.FILES.lists():
            for upload in uploads:
                yield name, upload.name or ""
    elif content_type == "application/json" or content_type.endswith("+json"):
        try:
            body = json.loads(request.body or b"null")
        except (ValueError, RecursionError):
            return  # not JSON (or nested past reading): the API answers that itself
        yield from _json_texts(body, "")


class TextInputMiddleware:
    """Refuse a request whose text holds a control character, with 422 naming the field.

    One place for every input of every page and API operation (and so for every database):
    the rule is `knotwork.common.text`'s, where tab and line breaks are allowed (multi-line
    text); one-line fields refuse those in their schema or form. A page whose view is marked
    `knotwork.common.forms.text_checked_by_forms` takes all its text through forms that apply
    the same rule, so it is left to them: the person sees the error beside the field.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: object,
        view_kwargs: object,
    ) -> HttpResponse | None:
        # Called once the URL is resolved, before any view (and before CSRF reads the form).
        if getattr(view_func, CHECKED_BY_FORMS, False):
            return None
        for field, text in _texts(request):
            problem = text_problem(text)
            if problem:
                return _refuse(request, field, problem)
        return None


def _refuse(request: HttpRequest, field: str, problem: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        # The API's own 422 shape (knotwork.common.errors).
        return JsonResponse(
            {
                "detail": f"Some fields are not valid: {field}: {problem}",
                "errors": [{"field": field, "message": problem}],
            },
            status=422,
        )
    return HttpResponse(
        f"The field {field!r} {problem}.", status=422, content_type="text/plain; charset=utf-8"
    )
