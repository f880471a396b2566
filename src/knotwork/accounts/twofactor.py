"""Who needs a second factor, and which of a user's devices count as one.

Admins and superusers always need one; a clinic can ask it of every staff member
(`Clinic.staff_need_two_factor`); anyone else (patients) may opt in. A person who has a second
factor is always asked for it at login. The second factors are django-otp devices: an
authenticator app (TOTP) or a passkey (WebAuthn); recovery codes (static tokens) stand in for
either when it is lost, but do not count as having set two-factor authentication up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from knotwork.clinics.models import Membership, Role

if TYPE_CHECKING:
    from django_otp.models import Device

    from knotwork.accounts.models import User

SecondStep = Literal["verify", "enrol"]


def requires_two_factor(user: User) -> bool:
    """Whether this person may not log in without a second factor."""
    if user.is_superuser or user.is_staff:
        return True
    active = Membership.objects.filter(user=user, is_active=True)
    return (
        active.filter(role=Role.ADMIN).exists()
        or active.filter(clinic__staff_need_two_factor=True).exists()
    )


def authenticator_apps(user: User) -> list[TOTPDevice]:
    return list(TOTPDevice.objects.devices_for_user(user, confirmed=True))


def passkeys(user: User) -> list[WebAuthnCredential]:
    return list(WebAuthnCredential.objects.devices_for_user(user, confirmed=True))


def second_factors(user: User) -> list[Device]:
    """The devices that make up two-factor authentication (not the recovery codes)."""
    return [*authenticator_apps(user), *passkeys(user)]


def recovery_codes_left(user: User) -> int:
    device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    return device.token_set.count() if device else 0


def second_step(user: User) -> SecondStep | None:
    """What a correct password leads to: asking for the second factor, setting one up first
    (it is required and there is none yet), or nothing more."""
    if second_factors(user):
        return "verify"
    if requires_two_factor(user):
        return "enrol"
    return None
