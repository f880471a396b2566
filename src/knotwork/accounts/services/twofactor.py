"""Setting up, using and removing second factors (django-otp devices), and recovery codes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from knotwork.accounts.twofactor import requires_two_factor, second_factors
from knotwork.common.errors import Conflict

if TYPE_CHECKING:
    from django_otp.models import Device

    from knotwork.accounts.models import User

AUTHENTICATOR_APP = "Authenticator app"
RECOVERY_CODES = "Recovery codes"
RECOVERY_CODE_COUNT = 10


class TwoFactorError(Conflict):
    """A change to two-factor authentication that is refused; the message says why."""


def normalise_code(code: str) -> str:
    """What people type: `123 456`, `abcd-efgh` -> `123456`, `abcdefgh`."""
    return "".join(ch for ch in code if ch.isalnum()).lower()


def authenticator_being_set_up(user: User, device_id: object = None) -> TOTPDevice:
    """The authenticator-app device being set up: the same one across reloads of the page (its
    key is in the QR code the person may already have scanned), else a new one."""
    if isinstance(device_id, int):
        device = TOTPDevice.objects.filter(pk=device_id, user=user, confirmed=False).first()
        if device is not None:
            return device
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_APP, confirmed=False)


@transaction.atomic
def confirm_authenticator(*, device: TOTPDevice, code: str) -> bool:
    """Switch the app on once it shows a correct code (proof that it was set up right)."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if device.confirmed or not device.verify_token(normalise_code(code)):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


@transaction.atomic
def new_recovery_codes(user: User) -> list[str]:
    """Ten single-use codes replacing any earlier ones; shown once by the caller."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_CODES, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def verify_code(user: User, code: str) -> Device | None:
    """The device that accepts this code (a 6-digit app code, or a recovery code, which is then
    used up), or None. Each device's own throttling applies: after a wrong code it refuses
    every code for 1, 2, 4, ... seconds."""
    code = normalise_code(code)
    if not code:
        return None
    with transaction.atomic():
        devices: list[Device]
        if code.isdigit():
            devices = list(
                TOTPDevice.objects.devices_for_user(user, confirmed=True).select_for_update()
            )
        else:
            devices = list(
                StaticDevice.objects.devices_for_user(user, confirmed=True).select_for_update()
            )
        for device in devices:
            if device.verify_token(code):
                return device
    return None


def seconds_to_wait(user: User) -> int:
    """How long the user's devices refuse every code after recent wrong ones (0: none)."""
    longest = 0.0
    for model in (TOTPDevice, StaticDevice):
        for device in model.objects.devices_for_user(user, confirmed=True):
            allowed, data = device.verify_is_allowed()
            if not allowed and data and data.get("locked_until"):
                longest = max(longest, (data["locked_until"] - timezone.now()).total_seconds())
    return max(0, round(longest + 0.5))


@transaction.atomic
def remove_second_factor(*, user: User, device: Device) -> None:
    """Remove an app or a passkey; the last one only where two-factor is optional, and then the
    recovery codes go with it (they would stand in for nothing)."""
    if device.user_id != user.pk:
        raise TwoFactorError("That is not one of your devices.")
    remaining = [d for d in second_factors(user) if d.persistent_id != device.persistent_id]
    if not remaining and requires_two_factor(user):
        raise TwoFactorError(
            "Your account needs two-factor authentication: add another authenticator app or "
            "passkey before removing this one."
        )
    device.delete()
    if not remaining:
        StaticDevice.objects.filter(user=user).delete()
