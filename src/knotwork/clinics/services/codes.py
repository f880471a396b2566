"""Printed login codes: a short one-time code that staff hand the patient in person, which the
patient enters with their date of birth to set their own login (wrong dates count against it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from knotwork.audit.models import AuditAction
from knotwork.audit.services import record
from knotwork.clinics.models import (
    LOGIN_CODE_TRIES,
    Delivery,
    Invitation,
    InvitationKind,
    hash_login_code,
    new_login_code,
)
from knotwork.clinics.services.invitations import grant, lock_invitations, withdraw_pending
from knotwork.common.errors import Refusal

if TYPE_CHECKING:
    from knotwork.accounts.models import User
    from knotwork.patients.models import Patient


class LoginCodeError(Refusal):
    """A login code and date of birth that do not open a login; the message says what to do."""


@dataclass(frozen=True)
class PrintedCode:
    """A login code to print for the patient: shown on this one page, never stored readable."""

    invitation: Invitation
    code: str

    @property
    def grouped(self) -> str:
        """`ABCD-EFGH`: two groups of four read more easily off paper."""
        half = len(self.code) // 2
        return f"{self.code[:half]}-{self.code[half:]}"


@transaction.atomic
def issue_login_code(
    *, actor: User, patient: Patient, request: HttpRequest | None = None
) -> PrintedCode:
    """A short one-time code (72 hours) that `actor` hands the patient in person; audited as
    handed over by them. The patient enters it with their date of birth to set their password."""
    if patient.user_id:
        raise LoginCodeError(f"{patient.full_name} already has a login.")
    if patient.date_of_birth is None:
        raise LoginCodeError(
            "Record the patient's date of birth first: the patient enters it with the code, "
            "so a lost code alone opens nothing."
        )
    lock_invitations(patient.clinic)
    withdraw_pending(patient.clinic, patient=patient)
    for _ in range(5):
        code = new_login_code()
        if not Invitation.objects.filter(token_hash=hash_login_code(code)).exists():
            break
    invitation = Invitation.objects.create(
        clinic=patient.clinic,
        kind=InvitationKind.PATIENT,
        delivery=Delivery.CODE,
        patient=patient,
        token_hash=hash_login_code(code),
        created_by=actor,
        expires_at=Invitation.default_expiry(),
    )
    record(
        actor=actor,
        patient=patient,
        action=AuditAction.CREATE,
        subject="login_code",
        subject_id=invitation.pk,
        detail=f"printed a one-time login code to hand over in person (valid until "
        f"{timezone.localtime(invitation.expires_at):%d %b %Y %H:%M})",
        request=request,
    )
    return PrintedCode(invitation, code)


WRONG_CODE = (
    "That code and date of birth do not match a code from your clinic. Check both (the code is "
    "on the sheet your clinic gave you) and try again."
)


def check_login_code(*, code: str, date_of_birth: date) -> Invitation:
    """The pending code invitation for this code and date of birth, or LoginCodeError.

    Wrong dates count against the code: after five it is withdrawn, so even someone holding the
    sheet cannot try every date. The count is committed before the refusal is raised.
    """
    with transaction.atomic():
        invitation = (
            # Only the invitation's row is locked (PostgreSQL cannot lock the nullable side of
            # the joins that fetch its patient and who printed it).
            Invitation.objects.select_for_update(of=("self",))
            .select_related("clinic", "patient", "created_by")
            .filter(token_hash=hash_login_code(code), delivery=Delivery.CODE)
            .first()
        )
        refusal = _code_refusal(invitation, date_of_birth)
    if refusal or invitation is None:
        raise LoginCodeError(refusal or WRONG_CODE)
    return invitation


def _code_refusal(invitation: Invitation | None, date_of_birth: date) -> str:
    if invitation is None or invitation.status in ("revoked", "accepted"):
        return WRONG_CODE
    if invitation.status == "expired":
        return "This code has expired (codes last 72 hours). Ask your clinic for a new one."
    if invitation.patient is not None and invitation.patient.date_of_birth == date_of_birth:
        return ""
    invitation.failed_tries += 1
    if invitation.failed_tries >= LOGIN_CODE_TRIES:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["failed_tries", "revoked_at"])
        return (
            "This code was entered with a wrong date of birth too often and no longer works. "
            "Ask your clinic for a new one."
        )
    invitation.save(update_fields=["failed_tries"])
    return WRONG_CODE


@transaction.atomic
def accept_login_code(
    *, invitation: Invitation, email: str, password: str, display_name: str = ""
) -> User:
    """The patient sets their own login (their email) and password with a checked code."""
    return grant(invitation, email, password, display_name)
