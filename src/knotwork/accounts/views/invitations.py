"""Setting one's own password: from an invitation link (mailed to the invitee only), or with
the one-time code a clinic handed over in person, entered with one's date of birth."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from knotwork.accounts.forms.invitations import (
    AcceptInvitationForm,
    ChooseLoginForm,
    LoginCodeForm,
)
from knotwork.accounts.models import User
from knotwork.accounts.twofactor import second_step
from knotwork.clinics.models import Delivery, Invitation
from knotwork.clinics.services import (
    InvitationError,
    LoginCodeError,
    accept_invitation,
    accept_login_code,
    check_login_code,
    find_invitation,
)
from knotwork.common.addresses import client_address
from knotwork.common.errors import add_to_form
from knotwork.common.forms import text_checked_by_forms
from knotwork.common.requests import KnotworkRequest
from knotwork.common.throttle import allow

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
CODE_KEY = "knotwork_login_code"
# A checked code is kept in the session this long while the patient chooses a password.
CODE_SECONDS = 15 * 60


def _gone(request: KnotworkRequest, reason: str) -> HttpResponse:
    return render(request, "accounts/invitation_invalid.html", {"reason": reason}, status=410)


@never_cache
@sensitive_post_parameters("password", "password_again")
@text_checked_by_forms
def accept_invitation_view(request: KnotworkRequest, token: str) -> HttpResponse:
    try:
        invitation = find_invitation(token)
    except InvitationError as error:
        return _gone(request, str(error))
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = accept_invitation(
                token=token,
                password=form.cleaned_data["password"],
                display_name=form.cleaned_data["display_name"],
            )
        except InvitationError as error:
            return _gone(request, str(error))
        except ValidationError as error:
            form.add_error("password", error)
        else:
            return _welcome(request, user, invitation)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "accounts/accept_invitation.html",
        {"form": form, "invitation": invitation},
        status=status,
    )


def _welcome(request: KnotworkRequest, user: User, invitation: Invitation) -> HttpResponse:
    """Logged in straight away, except where a second factor is required: then the person
    logs in once more and sets it up (a fresh password alone never opens such an account)."""
    if second_step(user) is not None:
        messages.success(
            request,
            f"Your password is set. Log in now to set up two-factor authentication, which "
            f"{invitation.clinic.name} requires.",
        )
        return redirect("login")
    login(request, user, backend=MODEL_BACKEND)
    messages.success(request, f"Welcome to {invitation.clinic.name}. Your password is set.")
    return redirect("home")


@never_cache
def login_code_start(request: KnotworkRequest) -> HttpResponse:
    """Step 1 for a patient with a printed code: the code and their date of birth."""
    form = LoginCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        address = client_address(request) or "unknown"
        if not allow(
            "login-code", address, limit=settings.LOGIN_CODE_TRIES_PER_HOUR, window_s=3600
        ):
            form.add_error(None, "Too many tries from this connection. Try again in an hour.")
            return render(request, "accounts/login_code_start.html", {"form": form}, status=429)
        try:
            invitation = check_login_code(
                code=form.cleaned_data["code"], date_of_birth=form.cleaned_data["date_of_birth"]
            )
        except LoginCodeError as error:
            add_to_form(form, error)
        else:
            request.session.cycle_key()
            request.session[CODE_KEY] = {"invitation": invitation.pk, "since": time.time()}
            return redirect("login_code_password")
    status = 400 if form.errors else 200
    return render(request, "accounts/login_code_start.html", {"form": form}, status=status)


def _checked_code(request: KnotworkRequest) -> Invitation | None:
    state = request.session.get(CODE_KEY)
    if not isinstance(state, dict) or time.time() - float(state.get("since", 0)) > CODE_SECONDS:
        return None
    invitation_id = state.get("invitation")
    if not isinstance(invitation_id, int):
        return None
    invitation = (
        Invitation.objects.select_related("clinic", "patient")
        .filter(pk=invitation_id, delivery=Delivery.CODE)
        .first()
    )
    return invitation if invitation is not None and invitation.is_usable else None


@never_cache
@sensitive_post_parameters("password", "password_again")
@text_checked_by_forms
def login_code_password(request: KnotworkRequest) -> HttpResponse:
    """Step 2: the patient chooses their login (their email) and their own password."""
    invitation = _checked_code(request)
    if invitation is None:
        messages.info(request, "Enter the code from your clinic and your date of birth first.")
        return redirect("login_code_start")
    form = ChooseLoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = accept_login_code(
                invitation=invitation,
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                display_name=form.cleaned_data["display_name"],
            )
        except InvitationError as error:
            return _gone(request, str(error))
        except ValidationError as error:
            form.add_error("password", error)
        else:
            request.session.pop(CODE_KEY, None)
            return _welcome(request, user, invitation)
    context = {"form": form, "invitation": invitation}
    status = 400 if form.errors else 200
    return render(request, "accounts/login_code_password.html", context, status=status)
