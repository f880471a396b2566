"""A person's own account: overview, sessions (see and end them), personal API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from knotwork.accounts.forms.tokens import NewTokenForm
from knotwork.accounts.models import ApiToken, LoginSession
from knotwork.accounts.services.sessions import active_sessions, describe_device, end_session
from knotwork.accounts.services.tokens import TokenError, create_token, may_revoke, revoke_token
from knotwork.accounts.twofactor import recovery_codes_left, requires_two_factor, second_factors
from knotwork.clinics.querysets import memberships
from knotwork.common.errors import add_to_form
from knotwork.common.forms import text_checked_by_forms
from knotwork.common.pagination import page_of
from knotwork.common.requests import AuthenticatedRequest


@login_required
def account(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    context = {
        "has_two_factor": bool(second_factors(user)),
        "two_factor_required": requires_two_factor(user),
        "codes_left": recovery_codes_left(user),
        "is_staff_member": bool(memberships(user)),
    }
    return render(request, "accounts/account.html", context)


@login_required
def sessions(request: AuthenticatedRequest) -> HttpResponse:
    current = request.session.session_key
    rows = [
        {
            "row": row,
            "device": describe_device(row.user_agent),
            "is_current": row.session_key == current,
        }
        for row in active_sessions(request.user)
    ]
    return render(request, "accounts/sessions.html", {"sessions": rows})


@login_required
@require_POST
def session_end(request: AuthenticatedRequest, login_session_id: int) -> HttpResponse:
    row = LoginSession.objects.filter(pk=login_session_id, user=request.user).first()
    if row is None:
        raise Http404("No such session.")
    is_current = row.session_key == request.session.session_key
    end_session(row)
    if is_current:
        return redirect("login")
    messages.success(request, f"The session on {describe_device(row.user_agent)} has ended.")
    return redirect("sessions")


@login_required
@never_cache
@text_checked_by_forms
def api_tokens(request: AuthenticatedRequest) -> HttpResponse:
    """Make a personal token for one of one's clinics (shown once); list and revoke them."""
    staff = memberships(request.user)
    if not staff:
        raise Http404("API tokens are for clinic staff.")
    form = NewTokenForm(request.POST or None, clinics=[(m.pk, m.clinic.name) for m in staff])
    secret = None
    if request.method == "POST" and form.is_valid():
        chosen = next(m for m in staff if m.pk == form.cleaned_data["clinic"])
        try:
            made = create_token(
                user=request.user,
                membership=chosen,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"].split(","),
                days=form.cleaned_data["days"],
                actor=request.user,
                request=request,
            )
        except TokenError as error:
            add_to_form(form, error)
        else:
            secret = made.secret
            form = NewTokenForm(clinics=[(m.pk, m.clinic.name) for m in staff])
    tokens = ApiToken.objects.filter(user=request.user).select_related("membership__clinic")
    context = {"form": form, "secret": secret, "tokens": page_of(request, tokens)}
    response = render(
        request, "accounts/api_tokens.html", context, status=400 if form.errors else 200
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def api_token_revoke(request: AuthenticatedRequest, token_id: int) -> HttpResponse:
    """The owner revokes their own token; a clinic admin any token of their clinic."""
    token = (
        ApiToken.objects.select_related("membership__clinic", "user").filter(pk=token_id).first()
    )
    if token is None or not may_revoke(request.user, token):
        raise Http404("No such token.")
    try:
        revoke_token(token=token, actor=request.user, request=request)
    except TokenError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"The API token “{token.name}” is revoked.")
    back = request.POST.get("back")
    return redirect("clinic_security" if back == "clinic" else "api_tokens")
