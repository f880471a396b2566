"""Two-factor authentication pages: setting up an authenticator app or a passkey (during the
login that requires it, or later from the account page), recovery codes shown once, removing
a device; and the passkey ceremonies of django-otp-webauthn, bound to this login flow."""

from __future__ import annotations

import base64
import ipaddress
import json
from typing import TYPE_CHECKING, Any

import segno
from axes.handlers.proxy import AxesProxyHandler
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp.middleware import OTPMiddleware
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn import exceptions as passkey_errors
from django_otp_webauthn.models import WebAuthnCredential
from django_otp_webauthn.views import (
    BeginCredentialAuthenticationView,
    BeginCredentialRegistrationView,
    CompleteCredentialAuthenticationView,
    CompleteCredentialRegistrationView,
)

from knotwork.accounts.forms.twofactor import ConfirmAppForm
from knotwork.accounts.passkeys import relying_party_id
from knotwork.accounts.services.twofactor import (
    TwoFactorError,
    authenticator_being_set_up,
    confirm_authenticator,
    new_recovery_codes,
    remove_second_factor,
)
from knotwork.accounts.twofactor import (
    SecondStep,
    authenticator_apps,
    passkeys,
    recovery_codes_left,
    requires_two_factor,
)
from knotwork.accounts.views import pending
from knotwork.common.requests import AuthenticatedRequest, KnotworkRequest

if TYPE_CHECKING:
    from knotwork.accounts.models import User

SETUP_KEY = "knotwork_totp_setup"
NEW_CODES_KEY = "knotwork_new_recovery_codes"
AFTER_CODES_KEY = "knotwork_after_codes"


def passkeys_possible(request: HttpRequest) -> bool:
    """Browsers make passkeys only for a site's name, never for a bare IP address."""
    try:
        ipaddress.ip_address(relying_party_id(request))
    except ValueError:
        return True
    return False


def passkey_config(request: HttpRequest) -> dict[str, object]:
    """What django-otp-webauthn's script reads from the page: this site's ceremony URLs."""
    return {
        "autocompleteLoginFieldSelector": None,
        "nextFieldSelector": "input[name='next']",
        "csrfToken": get_token(request),
        "beginAuthenticationUrl": reverse("passkey_login_begin"),
        "completeAuthenticationUrl": reverse("passkey_login_complete"),
        "beginRegistrationUrl": reverse("passkey_register_begin"),
        "completeRegistrationUrl": reverse("passkey_register_complete"),
    }


def set_up_app(request: KnotworkRequest, user: User, *, during_login: bool) -> HttpResponse:
    """Scan the QR code (or type the key), confirm with a code; recovery codes follow."""
    device = authenticator_being_set_up(user, request.session.get(SETUP_KEY))
    request.session[SETUP_KEY] = device.pk
    form = ConfirmAppForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if confirm_authenticator(device=device, code=form.cleaned_data["code"]):
            request.session.pop(SETUP_KEY, None)
            device.refresh_from_db()
            _after_first_factor(request, user, device, during_login=during_login)
            return redirect("two_factor_recovery_codes")
        form.add_error(
            "code",
            "That code does not match. Check that the app lists Knotwork with your email and "
            "type the code it shows now.",
        )
    context = {
        "form": form,
        "during_login": during_login,
        "qr_svg": _qr_svg(device),
        "secret": _grouped_secret(device),
        "email": user.email,
        "passkey_config": passkey_config(request),
        "passkeys_possible": passkeys_possible(request),
    }
    status = 400 if form.errors else 200
    return render(request, "accounts/set_up_app.html", context, status=status)


def _after_first_factor(
    request: KnotworkRequest, user: User, device: Any, *, during_login: bool
) -> None:
    """A device was just added: finish a login waiting for it, and make recovery codes if the
    user has none, to be shown once on the next page."""
    if during_login:
        request.session[AFTER_CODES_KEY] = pending.next_url(request)
        pending.finish(request, user, device)
    if during_login or recovery_codes_left(user) == 0:
        request.session[NEW_CODES_KEY] = new_recovery_codes(user)


def _qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code (drawn here: no image request, no CDN)."""
    qr = segno.make(device.config_url, error="m")
    return str(qr.svg_inline(scale=5, dark="#1d2430", title="QR code for your authenticator app"))


def _grouped_secret(device: TOTPDevice) -> str:
    """The key in base32, as apps ask for it when typed in, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@login_required
def two_factor(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    context = {
        "apps": authenticator_apps(user),
        "keys": passkeys(user),
        "codes_left": recovery_codes_left(user),
        "required": requires_two_factor(user),
        "passkey_config": passkey_config(request),
        "passkeys_possible": passkeys_possible(request),
    }
    return render(request, "accounts/two_factor.html", context)


@login_required
@never_cache
def two_factor_app(request: AuthenticatedRequest) -> HttpResponse:
    return set_up_app(request, request.user, during_login=False)


@never_cache
def recovery_codes(request: KnotworkRequest) -> HttpResponse:
    """New recovery codes, shown this once (they are in the session only until shown)."""
    codes = request.session.pop(NEW_CODES_KEY, None)
    after = request.session.pop(AFTER_CODES_KEY, None)
    if not request.user.is_authenticated:
        return redirect("login")
    if not codes:
        messages.success(request, "Two-factor authentication is set up.")
        return redirect(after or "two_factor")
    response = render(
        request, "accounts/recovery_codes.html", {"codes": codes, "after": after or "/"}
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def recovery_codes_new(request: AuthenticatedRequest) -> HttpResponse:
    if not (authenticator_apps(request.user) or passkeys(request.user)):
        messages.error(request, "Set up an authenticator app or a passkey first.")
        return redirect("two_factor")
    request.session[NEW_CODES_KEY] = new_recovery_codes(request.user)
    request.session[AFTER_CODES_KEY] = reverse("two_factor")
    return redirect("two_factor_recovery_codes")


@login_required
@require_POST
def two_factor_remove(request: AuthenticatedRequest, kind: str, device_id: int) -> HttpResponse:
    models = {"app": TOTPDevice, "passkey": WebAuthnCredential}
    if kind not in models:
        raise Http404("No such device.")
    device = models[kind].objects.filter(pk=device_id, user=request.user).first()
    if device is None:
        raise Http404("No such device.")
    try:
        remove_second_factor(user=request.user, device=device)
    except TwoFactorError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"“{device.name}” removed.")
    return redirect("two_factor")


class _FlowUser:
    """The person a ceremony is for: the logged-in user, or the one half-way through logging
    in at `step` (not logged in yet, so given django-otp's `is_verified()` as false)."""

    step: SecondStep
    request: KnotworkRequest

    def get_user(self) -> User | None:
        if self.request.user.is_authenticated:
            return self.request.user
        user = pending.pending_user(self.request, self.step)
        if user is not None:
            OTPMiddleware._init_user_fields(user)
        return user


class LockedOut(passkey_errors.OTPWebAuthnApiError):
    status_code = 429
    default_detail = "Too many failed logins: this login is locked for a while."
    default_code = "locked_out"


class PasskeyRegisterBegin(_FlowUser, BeginCredentialRegistrationView):
    step: SecondStep = "enrol"


class PasskeyRegisterComplete(_FlowUser, CompleteCredentialRegistrationView):
    step: SecondStep = "enrol"

    def post(self, *args: Any, **kwargs: Any) -> HttpResponse:
        user = self.get_user()
        during_login = not self.request.user.is_authenticated
        response: HttpResponse = super().post(*args, **kwargs)
        if response.status_code == 200 and user is not None:
            device = WebAuthnCredential.objects.get(pk=json.loads(response.content)["id"])
            _after_first_factor(self.request, user, device, during_login=during_login)
        return response


class PasskeyLoginBegin(_FlowUser, BeginCredentialAuthenticationView):
    step: SecondStep = "verify"

    def check_can_authenticate(self) -> None:
        user = self.get_user()
        if user is None or self.request.user.is_authenticated:
            raise passkey_errors.NotAuthenticated(
                detail="Log in with your email and password first."
            )
        if not AxesProxyHandler.is_allowed(self.request, {"username": user.email}):
            raise LockedOut()


class PasskeyLoginComplete(_FlowUser, CompleteCredentialAuthenticationView):
    step: SecondStep = "verify"
    destination = "/"

    def check_can_authenticate(self) -> None:
        PasskeyLoginBegin.check_can_authenticate(self)

    def complete_auth(self, device: WebAuthnCredential) -> None:
        user = self.get_user()
        if user is None or device.user_id != user.pk:
            raise passkey_errors.CredentialUserMismatch()
        self.destination = pending.next_url(self.request)
        pending.finish(self.request, user, device)

    def get_success_url(self) -> str:
        return self.destination
