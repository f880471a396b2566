"""The API's token authentication (`Authorization: Bearer kw_...`) and its per-token limit.

A token answers for its owner in one clinic only (`ClinicScopedUser`), with its scopes: a
read-only token may only read. Every use is one entry in that clinic's audit trail naming the
token. A token that is unknown, expired, revoked, or whose membership has ended is refused with
401 and a message saying which. CSRF does not apply here: a browser never sends this header by
itself, so only the session cookie (django-ninja's `django_auth`) is checked for CSRF.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from knotwork.accounts.models import ApiToken, ClinicScopedUser
from knotwork.accounts.models.tokens import hash_api_token
from knotwork.audit.models import AuditAction
from knotwork.audit.services import record_event
from knotwork.common.addresses import client_address

READ_METHODS = ("GET", "HEAD", "OPTIONS")


class TokenRefused(HttpError):
    """401 for a bearer token that does not (or no longer) work; the message says why."""

    def __init__(self, message: str) -> None:
        super().__init__(401, message)


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = (
            ApiToken.objects.select_related("user", "membership__clinic")
            .filter(token_hash=hash_api_token(token.strip()))
            .first()
        )
        _refuse_unusable(found)
        assert found is not None
        if request.method not in READ_METHODS and not found.can_write:
            raise HttpError(
                403,
                f"The API token “{found.name}” may only read: this request changes data and "
                "needs a token with the write scope.",
            )
        user = ClinicScopedUser.of_token(found)
        # The API's caller; its only membership is the token's, so the clinic the request acts
        # in is the token's, whatever the owner's other clinics. django-ninja keeps the token
        # itself as `request.auth` (the rate limit and the audit trail read it there).
        request.user = user
        ApiToken.objects.filter(pk=found.pk).update(
            last_used_at=timezone.now(), last_used_from=client_address(request)
        )
        record_event(
            actor=user,
            clinic=found.membership.clinic,
            action=AuditAction.API,
            subject="api_token",
            subject_id=found.pk,
            detail=f"{request.method} {request.path} with the API token “{found.name}”",
            request=request,
        )
        return found


def _refuse_unusable(token: ApiToken | None) -> None:
    if token is None:
        raise TokenRefused("This API token is not valid. Check that it was copied whole.")
    when = timezone.localtime
    if token.revoked_at:
        raise TokenRefused(
            f"The API token “{token.name}” was revoked on {when(token.revoked_at):%d %b %Y} "
            f"({token.revoked_why}). Make a new one on your account page."
        )
    if not token.membership.is_active or not token.user.is_active:
        raise TokenRefused(
            f"The API token “{token.name}” no longer works: its owner's membership of "
            f"{token.membership.clinic.name} has ended."
        )
    if token.expires_at <= timezone.now():
        raise TokenRefused(
            f"The API token “{token.name}” expired on {when(token.expires_at):%d %b %Y}. "
            "Make a new one on your account page."
        )


class TokenRateThrottle(SimpleRateThrottle):
    """At most KNOTWORK_API_TOKEN_RATE requests a minute per token (429 with Retry-After);
    requests made with the web session are not counted here."""

    scope = "api-token"

    def __init__(self) -> None:
        super().__init__(rate="1/min")

    def allow_request(self, request: HttpRequest) -> bool:
        # Read the limit on each request, not once at import, so the setting always holds.
        self.num_requests, self.duration = settings.API_TOKEN_REQUESTS_PER_MINUTE, 60
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str | None:
        token = getattr(request, "auth", None)
        return f"api-token-rate-{token.pk}" if isinstance(token, ApiToken) else None
