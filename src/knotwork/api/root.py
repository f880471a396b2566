"""The JSON API under /api/v1, with its OpenAPI document at /api/v1/openapi.json."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import django_auth

from knotwork.common.errors import field_path, friendly_message

api = NinjaAPI(
    title="Knotwork API",
    version="1",
    description=(
        "Pain maps, trigger points to examine, intake and outcomes for neuromuscular therapy "
        "clinics. Log in with a session (the web login) and send the CSRF token with writes."
    ),
    urls_namespace="api",
    auth=django_auth,
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


@api.exception_handler(AuthenticationError)
def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request, {"detail": "Log in first: this needs an authenticated session."}, status=401
    )


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Not found."}, status=404)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    detail = str(exc)
    if exc.status_code == 400 and detail.startswith("Cannot parse request body"):
        detail = "The request body is not valid JSON."
    if exc.status_code == 403 and "CSRF" in detail:
        detail = "CSRF check failed: send the X-CSRFToken header with the csrftoken cookie's value."
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


def _register_routers() -> None:
    # Imported here so each app's router module stays independent of this one.
    from knotwork.clinics.api import router as clinics_router
    from knotwork.courses.api import router as courses_router
    from knotwork.finder.api import router as finder_router
    from knotwork.intake.api import router as intake_router
    from knotwork.interop.api import router as interop_router
    from knotwork.painmaps.api import router as painmaps_router
    from knotwork.patients.api import router as patients_router

    api.add_router("/", clinics_router)
    api.add_router("/patients", patients_router)
    api.add_router("/", painmaps_router)
    api.add_router("/", intake_router)
    api.add_router("/", finder_router)
    api.add_router("/", courses_router)
    api.add_router("/", interop_router)


_register_routers()
