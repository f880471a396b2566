"""Making and revoking personal API tokens; each is an entry in the clinic's audit trail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from knotwork.accounts.models import ApiToken
from knotwork.accounts.models.tokens import SCOPES, hash_api_token, new_api_token
from knotwork.audit.models import AuditAction
from knotwork.audit.services import record_event
from knotwork.clinics.models import Membership, Role
from knotwork.common.errors import Refusal

if TYPE_CHECKING:
    from knotwork.accounts.models import User

DEFAULT_DAYS = 90
MAX_DAYS = 365


class TokenError(Refusal):
    """A token that cannot be made or revoked as asked; the message says why."""


@dataclass(frozen=True)
class NewToken:
    """A token just made: `secret` is shown this once and never stored."""

    token: ApiToken
    secret: str


def _clean_scopes(scopes: list[str]) -> str:
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown or not scopes:
        raise TokenError(
            f"Scopes are read, or read and write (got {', '.join(scopes) or 'none'}).",
            field="scopes",
        )
    # Writing includes reading: a script that changes a record must be able to see it.
    return ",".join(scope for scope in SCOPES if scope in scopes or scope == "read")


@transaction.atomic
def create_token(
    *,
    user: User,
    membership: Membership,
    name: str,
    scopes: list[str],
    days: int = DEFAULT_DAYS,
    actor: User | None = None,
    request: HttpRequest | None = None,
) -> NewToken:
    """A personal token of `user` for the clinic of `membership`. `actor` is who made it: the
    user themself on their page, or None for an operator at the command line."""
    name = name.strip()
    if not name:
        raise TokenError("Give the token a name that says what uses it.", field="name")
    if len(name) > 100:
        raise TokenError("A token's name has at most 100 characters.", field="name")
    if not 1 <= days <= MAX_DAYS:
        raise TokenError(f"A token lasts 1 to {MAX_DAYS} days.", field="days")
    if membership.user_id != user.pk or not membership.is_active:
        raise TokenError("Tokens are for a clinic you are an active member of.", field="clinic")
    if ApiToken.objects.filter(user=user, name=name, revoked_at=None).exists():
        raise TokenError(
            f"You already have a token named “{name}”: choose another name.", field="name"
        )
    secret = new_api_token()
    token = ApiToken.objects.create(
        user=user,
        membership=membership,
        name=name,
        scopes=_clean_scopes(scopes),
        prefix=secret[:10],
        token_hash=hash_api_token(secret),
        created_by=actor,
        expires_at=timezone.now() + timedelta(days=days),
    )
    who = "" if actor is not None else " (by an operator on the command line)"
    record_event(
        actor=actor or user,
        clinic=membership.clinic,
        action=AuditAction.ACCOUNT,
        subject="api_token",
        subject_id=token.pk,
        detail=f"created the API token “{name}” of {user.email} ({token.scopes.replace(',', ', ')}"
        f"; until {timezone.localtime(token.expires_at):%d %b %Y}){who}",
        request=request,
    )
    return NewToken(token, secret)


def may_revoke(actor: User, token: ApiToken) -> bool:
    """The owner, or an active admin of the token's clinic."""
    if token.user_id == actor.pk:
        return True
    return Membership.objects.filter(
        user=actor, clinic_id=token.membership.clinic_id, role=Role.ADMIN, is_active=True
    ).exists()


@transaction.atomic
def revoke_token(
    *, token: ApiToken, actor: User | None, why: str = "", request: HttpRequest | None = None
) -> None:
    """Revoke a token now (idempotent). `actor` None: an operator at the command line."""
    token = (
        ApiToken.objects.select_for_update().select_related("membership__clinic").get(pk=token.pk)
    )
    if token.revoked_at:
        return
    if actor is not None and not may_revoke(actor, token):
        raise TokenError("Only the token's owner or an admin of its clinic can revoke it.")
    token.revoked_at = timezone.now()
    token.revoked_why = why or (
        "revoked by its owner"
        if actor is not None and actor.pk == token.user_id
        else f"revoked by {actor}"
        if actor
        else "revoked by an operator"
    )
    token.save(update_fields=["revoked_at", "revoked_why"])
    record_event(
        actor=actor,
        clinic=token.membership.clinic,
        action=AuditAction.ACCOUNT,
        subject="api_token",
        subject_id=token.pk,
        detail=f"revoked the API token “{token.name}” of {token.user.email} ({token.revoked_why})",
        request=request,
    )


def revoke_tokens_of(membership: Membership) -> int:
    """Inside the caller's transaction: every live token of a membership that has ended."""
    return ApiToken.objects.filter(membership=membership, revoked_at=None).update(
        revoked_at=timezone.now(), revoked_why="the membership ended"
    )
