"""Invitations by email: invite (a one-time 72-hour link mailed to the invitee only), find the
invitation behind a link, accept it, withdraw it. `lock_invitations`, `withdraw_pending` and
`grant` are shared with the printed login codes (`codes.py`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from knotwork.audit.models import AuditAction
from knotwork.audit.services import Changes, record, record_event
from knotwork.clinics.models import (
    Clinic,
    Delivery,
    Invitation,
    InvitationKind,
    Membership,
    Role,
    hash_token,
)
from knotwork.common.errors import Refusal
from knotwork.outbox.services import queue_mail

if TYPE_CHECKING:
    from knotwork.accounts.models import User
    from knotwork.patients.models import Patient


class InvitationError(Refusal):
    """The link cannot be used: forged, reused, revoked or expired. The message says which."""

    status = 410


def _owe_invitation_mail(invitation: Invitation, link: str) -> None:
    """The invitation's mail, owed in its transaction; the link is forgotten once it was sent,
    and a mail still unsent when the link expires is not sent."""
    clinic, kind = invitation.clinic, invitation.get_kind_display().lower()
    queue_mail(
        about="invitation",
        subject=f"{clinic.name} invites you to Knotwork",
        body=(
            f"{clinic.name} has invited you to Knotwork as {kind}.\n\n"
            f"Open this link within 72 hours to set your password:\n{link}\n\n"
            "The link works once. If you did not expect this message, you can ignore it."
        ),
        to=[invitation.email],
        forget_body=True,
        expires_at=invitation.expires_at,
    )


def lock_invitations(clinic: Clinic) -> None:
    """Two invitations for the same person at once: the second waits for the first, then
    withdraws it (one pending invitation per person, backed by the database's constraints)."""
    Clinic.objects.select_for_update().filter(pk=clinic.pk).first()


def withdraw_pending(clinic: Clinic, **match: object) -> None:
    # A new invitation replaces any pending one for the same person, so only the newest works.
    clinic.invitations.filter(accepted_at=None, revoked_at=None, **match).update(
        revoked_at=timezone.now()
    )


@transaction.atomic
def invite(
    *,
    actor: User,
    clinic: Clinic,
    email: str,
    kind: InvitationKind,
    patient: Patient | None = None,
    base_url: str = "",
    request: HttpRequest | None = None,
) -> Invitation:
    """Create a one-time 72-hour link and mail it, once the transaction has committed, to the
    invitee only. The link is never returned: nobody but the invitee's mailbox sees it."""
    if kind == InvitationKind.PATIENT and (patient is None or patient.clinic_id != clinic.pk):
        raise ValueError("A patient invitation needs a patient of the same clinic")
    lock_invitations(clinic)
    email = email.strip().lower()
    withdraw_pending(clinic, email=email, kind=kind)
    if patient is not None:
        withdraw_pending(clinic, patient=patient)
    token = Invitation.new_token()
    invitation = Invitation.objects.create(
        clinic=clinic,
        kind=kind,
        email=email,
        patient=patient,
        token_hash=hash_token(token),
        created_by=actor,
        expires_at=Invitation.default_expiry(),
    )
    if patient is not None:
        detail = f"invited {email} to log in (link sent by email to them only)"
        _audit(actor, invitation, detail, request=request)
    else:
        detail = f"invited {email} as {kind.label.lower()} (link sent by email to them only)"
        changes: Changes = {
            "email": {"old": None, "new": email},
            "kind": {"old": None, "new": kind},
        }
        _audit(actor, invitation, detail, changes, request=request)
    _owe_invitation_mail(invitation, f"{base_url}/invite/{token}/")
    return invitation


def find_invitation(token: str) -> Invitation:
    """The pending invitation behind a link, or InvitationError saying why it cannot be used."""
    try:
        invitation = Invitation.objects.select_related("clinic", "patient").get(
            token_hash=hash_token(token), delivery=Delivery.EMAIL
        )
    except Invitation.DoesNotExist:
        raise InvitationError(
            "This invitation link is not valid. Ask your clinic for a new one."
        ) from None
    messages = {
        "accepted": "This invitation link has already been used. Log in with your password.",
        "revoked": "This invitation link was replaced or withdrawn. Ask your clinic for a new one.",
        "expired": "This invitation link has expired (links last 72 hours). Ask for a new one.",
    }
    if invitation.status in messages:
        raise InvitationError(messages[invitation.status])
    return invitation


@transaction.atomic
def accept_invitation(*, token: str, password: str, display_name: str = "") -> User:
    """Set the password (or confirm an existing one) and grant what the invitation offers."""
    invitation = find_invitation(token)
    return grant(invitation, invitation.email, password, display_name)


def grant(invitation: Invitation, email: str, password: str, display_name: str) -> User:
    """Inside the caller's transaction: the login behind `email`, new or existing, gets what the
    invitation offers, and the invitation is used up."""
    # Lock the row so two tabs submitting the same invitation cannot both succeed.
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise InvitationError("This invitation has already been used.")
    user_model = get_user_model()
    email = email.strip().lower()
    user = user_model.objects.filter(email=email).first()
    if user is None:
        # An unsaved user, so the similarity check compares the password with email and name.
        validate_password(password, user=user_model(email=email, display_name=display_name))
        user = user_model.objects.create_user(email, password, display_name=display_name)
    elif not user.check_password(password):
        raise ValidationError("This email already has a login: enter that password to accept.")
    if invitation.kind == InvitationKind.PATIENT:
        _link_patient(invitation, user)
    else:
        Membership.objects.update_or_create(
            user=user,
            clinic=invitation.clinic,
            defaults={"role": Role(invitation.kind), "is_active": True},
        )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return user


def _link_patient(invitation: Invitation, user: User) -> None:
    patient = invitation.patient
    if patient is None:
        raise InvitationError("This invitation names no patient record.")
    if patient.user_id and patient.user_id != user.pk:
        raise InvitationError("This patient record already has a login.")
    if hasattr(user, "patient_record") and user.patient_record.pk != patient.pk:
        raise InvitationError("This email already belongs to another patient record.")
    patient.user = user
    changed = ["user", "updated_at"]
    if not patient.email:
        patient.email = user.email
        changed.append("email")
    patient.save(update_fields=changed)
    if invitation.delivery == Delivery.CODE:
        detail = (
            "patient set their own password with the one-time code handed over by "
            f"{invitation.created_by or 'a former staff member'}"
        )
    else:
        detail = "patient set a password and can now log in"
    _audit(user, invitation, detail)


@transaction.atomic
def revoke_invitation(
    *, actor: User | None, invitation: Invitation, request: HttpRequest | None = None
) -> None:
    """Withdraw a pending invitation (the link stops working); audited with who withdrew it."""
    if not invitation.is_usable:
        return
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    whom = invitation.email or "a printed login code"
    changes: Changes = {"revoked_at": {"old": None, "new": invitation.revoked_at.isoformat()}}
    _audit(actor, invitation, f"withdrew the invitation of {whom}", changes, request=request)


def _audit(
    actor: User | None,
    invitation: Invitation,
    detail: str,
    changes: Changes | None = None,
    *,
    request: HttpRequest | None = None,
) -> None:
    """A patient's invitation is a change of their record (in its trail); anybody else's is an
    admin event of the clinic."""
    if invitation.patient is not None:
        record(
            actor=actor,
            patient=invitation.patient,
            action=AuditAction.CHANGE,
            subject="invitation",
            subject_id=invitation.pk,
            detail=detail,
            changes=changes,
            request=request,
        )
    else:
        record_event(
            actor=actor,
            clinic=invitation.clinic,
            action=AuditAction.ADMIN,
            subject="invitation",
            subject_id=invitation.pk,
            detail=detail,
            changes=changes,
            request=request,
        )
