"""Personal API tokens: a staff member's key for programmatic clients, for one clinic.

Only a hash of the token is stored (the token itself is shown once, when it is made); a token
belongs to one membership, so it works only in that clinic and ends with the membership.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from knotwork.accounts.models.user import User

TOKEN_PREFIX = "kw_"
SCOPES = ("read", "write")


def hash_api_token(token: str) -> str:
    # A plain hash suffices: the token carries 240 random bits, far beyond any guessing.
    return hashlib.sha256(token.encode()).hexdigest()


def new_api_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(30)


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    membership = models.ForeignKey(
        "clinics.Membership", on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    # "read" or "read,write": writing always includes reading what was written.
    scopes = models.CharField(max_length=40)
    # The first characters, so that a person can tell their tokens apart; useless for logging in.
    prefix = models.CharField(max_length=12)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    last_used_from = models.GenericIPAddressField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_why = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # `knotwork token revoke NAME --user EMAIL` names a token by its owner's name for it.
            models.UniqueConstraint(
                fields=["user", "name"],
                condition=Q(revoked_at=None),
                name="one_live_token_name_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"API token “{self.name}” of {self.user}"

    @property
    def audit_name(self) -> str:
        """How the audit trail names what made a request (see audit.services)."""
        return f"the API token “{self.name}”"

    @property
    def scope_list(self) -> list[str]:
        return [scope for scope in self.scopes.split(",") if scope]

    @property
    def can_write(self) -> bool:
        return "write" in self.scope_list

    @property
    def status(self) -> str:
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        if not self.membership.is_active:
            return "revoked"
        return "active"


class ClinicScopedUser(User):
    """The token's owner as the API sees them: a member of the token's clinic, nothing more.

    Every scoped read asks `user.memberships`; here it yields only the token's membership, so a
    token made for clinic A reads nothing of clinic B even when its owner works in both.
    """

    class Meta:
        proxy = True

    _token_membership_id: int

    @classmethod
    def of_token(cls, token: ApiToken) -> ClinicScopedUser:
        user = cls.objects.get(pk=token.user_id)
        if not isinstance(user, cls):
            raise TypeError("a proxy model's manager returns its own instances")
        user._token_membership_id = token.membership_id
        return user

    @property
    def memberships(self) -> Any:  # type: ignore[override]  # narrows the reverse manager
        from knotwork.clinics.models import Membership

        return Membership.objects.filter(pk=self._token_membership_id, user_id=self.pk)
