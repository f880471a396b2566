"""API: a person's API tokens (list, make, revoke); an admin also sees and revokes the tokens
of their clinic. Making a token needs the web session (logged in with its second factor): a
token cannot make further tokens, so a leaked one cannot outlive its revocation."""

from __future__ import annotations

from django.http import Http404
from ninja import Router, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from knotwork.accounts.models import ApiToken
from knotwork.accounts.schemas import NewTokenOut, TokenIn, TokenOut
from knotwork.accounts.services.tokens import create_token, may_revoke, revoke_token
from knotwork.clinics.models import Role
from knotwork.clinics.querysets import memberships
from knotwork.common.errors import responses
from knotwork.common.pagination import Page, Paged, paged
from knotwork.common.requests import AuthenticatedRequest

router = Router(tags=["tokens"])


def _out(token: ApiToken) -> dict[str, object]:
    return {
        "id": token.pk,
        "name": token.name,
        "clinic_id": token.membership.clinic_id,
        "clinic": token.membership.clinic.name,
        "owner": token.user.email,
        "scopes": token.scope_list,
        "prefix": token.prefix,
        "status": token.status,
        "created_at": token.created_at,
        "expires_at": token.expires_at,
        "last_used_at": token.last_used_at,
    }


@router.get(
    "/tokens",
    response=responses(list[TokenOut]),
    summary="Your API tokens, and those of the clinics you administer",
)
@paginate(Page)
def list_tokens(request: AuthenticatedRequest) -> Paged[ApiToken, dict[str, object]]:
    admin_of = [m.clinic_id for m in memberships(request.user) if m.role == Role.ADMIN]
    tokens = ApiToken.objects.select_related("user", "membership__clinic").filter(
        user=request.user
    ) | ApiToken.objects.select_related("user", "membership__clinic").filter(
        membership__clinic_id__in=admin_of
    )
    return paged(tokens.distinct().order_by("-created_at", "-id"), _out)


@router.post(
    "/tokens",
    response=responses(NewTokenOut, 201),
    summary="Make a personal API token (shown once; needs the web session)",
)
def make_token(request: AuthenticatedRequest, payload: TokenIn) -> Status[dict[str, object]]:
    if isinstance(getattr(request, "auth", None), ApiToken):
        raise HttpError(403, "Tokens are made from a logged-in session, not with another token.")
    membership = next(
        (m for m in memberships(request.user) if m.clinic_id == payload.clinic_id),
        None,
    )
    if membership is None:
        # 403: the caller may not act in that clinic (a 422 would say the body is malformed).
        raise HttpError(403, "You are not an active member of this clinic (clinic_id).")
    made = create_token(
        user=request.user,
        membership=membership,
        name=payload.name,
        scopes=list(payload.scopes),
        days=payload.days,
        actor=request.user,
        request=request,
    )
    return Status(201, {**_out(made.token), "token": made.secret})


@router.delete(
    "/tokens/{token_id}",
    response=responses(TokenOut),
    summary="Revoke an API token (its owner, or an admin of its clinic)",
)
def delete_token(request: AuthenticatedRequest, token_id: int) -> dict[str, object]:
    token = (
        ApiToken.objects.select_related("user", "membership__clinic").filter(pk=token_id).first()
    )
    if token is None or not may_revoke(request.user, token):
        raise Http404("No such token.")
    revoke_token(token=token, actor=request.user, request=request)
    token.refresh_from_db()
    return _out(token)
