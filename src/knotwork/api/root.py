"""The JSON API under /api/v1, with its OpenAPI document at /api/v1/openapi.json."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.security import django_auth

from knotwork.accounts.bearer import TokenAuth, TokenRateThrottle
from knotwork.common.errors import Refusal, field_path, friendly_message

api = NinjaAPI(
    title="Knotwork API",
    version="1",
    description=(
        "Pain maps, trigger points to examine, intake and outcomes for neuromuscular therapy "
        "clinics. Authenticate with a personal API token (`Authorization: Bearer kw_...`, made "
        "on your account page, for one clinic, read or read and write), or with the web login's "
        "session cookie, which needs the CSRF token (X-CSRFToken) with writes. Each token may "
        "make a limited number of requests a minute (429 with Retry-After beyond it)."
    ),
    urls_namespace="api",
    # The token first: a request that carries one is answered for the token, never the cookie.
    auth=[TokenAuth(), django_auth],
    throttle=[TokenRateThrottle()],
)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {"field": field_path(error.get("loc", ())), "message": friendly_message(error)}
        for error in exc.errors
    ]
    if any(error["message"] == "Cannot parse request body" for error in errors):
        detail = "The request body is not valid JSON."
    else:
        detail = "Some fields are not valid: " + "; ".join(
            f"{e['field']}: {e['message']}" for e in errors
        )
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


@api.exception_handler(Refusal)
def on_refusal(request: HttpRequest, exc: Refusal) -> HttpResponse:
    """Every refusal of every service (and its subclasses), in the one error shape."""
    return api.create_response(request, exc.body(), status=exc.status)


@api.exception_handler(AuthenticationError)
def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(
        request,
        {"detail": "Log in first: send an API token (Authorization: Bearer ...) or a session."},
        status=401,
    )
    response["WWW-Authenticate"] = 'Bearer realm="knotwork"'
    return response


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Not found."}, status=404)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    detail = str(exc)
    if isinstance(exc, Throttled):
        wait = f" Wait {round(exc.wait)} seconds (see Retry-After)." if exc.wait else ""
        detail = f"Too many requests with this API token.{wait}"
    if exc.status_code == 400 and detail.startswith("Cannot parse request body"):
        detail = "The request body is not valid JSON."
    if exc.status_code == 403 and "CSRF" in detail:
        detail = "CSRF check failed: send the X-CSRFToken header with the csrftoken cookie's value."
    response = api.create_response(request, {"detail": detail}, status=exc.status_code)
    if exc.status_code == 401:
        response["WWW-Authenticate"] = 'Bearer realm="knotwork"'
    return response


def _register_routers() -> None:
    # Imported here so each app's router module stays independent of this one.
    from knotwork.accounts.api import router as accounts_router
    from knotwork.clinics.api import router as clinics_router
    from knotwork.courses.api import router as courses_router
    from knotwork.finder.api import router as finder_router
    from knotwork.intake.api import router as intake_router
    from knotwork.interop.api import router as interop_router
    from knotwork.live.api import router as live_router
    from knotwork.painmaps.api import router as painmaps_router
    from knotwork.patients.api import router as patients_router
    from knotwork.reports.api import router as reports_router

    api.add_router("/", clinics_router)
    api.add_router("/", accounts_router)
    api.add_router("/patients", patients_router)
    api.add_router("/", painmaps_router)
    api.add_router("/", intake_router)
    api.add_router("/", finder_router)
    api.add_router("/", courses_router)
    api.add_router("/", live_router)
    api.add_router("/", interop_router)
    api.add_router("/", reports_router)


_register_routers()
