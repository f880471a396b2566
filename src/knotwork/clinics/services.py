"""Writers for clinics, memberships and invitations. Each owns its transaction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from knotwork.audit.models import AuditAction
from knotwork.audit.services import record
from knotwork.clinics.models import Clinic, Invitation, InvitationKind, Membership, Role, hash_token

if TYPE_CHECKING:
    from knotwork.accounts.models import User
    from knotwork.patients.models import Patient


class InvitationError(Exception):
    """The link cannot be used: forged, reused, revoked or expired. The message says which."""


@dataclass(frozen=True)
class IssuedInvitation:
    invitation: Invitation
    token: str

    def path(self) -> str:
        return f"/invite/{self.token}/"


def _send_invitation_mail(email: str, clinic: Clinic, link: str, kind: str) -> None:
    send_mail(
        subject=f"{clinic.name} invites you to Knotwork",
        message=(
            f"{clinic.name} has invited you to Knotwork as {kind}.\n\n"
            f"Open this link within 72 hours to set your password:\n{link}\n\n"
            "The link works once. If you did not expect this message, you can ignore it."
        ),
        from_email=None,
        recipient_list=[email],
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
) -> IssuedInvitation:
    """Create a one-time 72-hour link and mail it once the transaction has committed."""
    if kind == InvitationKind.PATIENT and (patient is None or patient.clinic_id != clinic.pk):
        raise ValueError("A patient invitation needs a patient of the same clinic")
    email = email.strip().lower()
    # A new link replaces any pending one for the same person, so only the newest link works.
    clinic.invitations.filter(email=email, kind=kind, accepted_at=None, revoked_at=None).update(
        revoked_at=timezone.now()
    )
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
        record(
            actor=actor,
            patient=patient,
            action=AuditAction.CHANGE,
            subject="invitation",
            subject_id=invitation.pk,
            detail=f"invited {email} to log in",
        )
    issued = IssuedInvitation(invitation, token)
    link = f"{base_url}{issued.path()}"
    transaction.on_commit(lambda: _send_invitation_mail(email, clinic, link, kind.label.lower()))
    return issued


def find_invitation(token: str) -> Invitation:
    """The pending invitation behind a link, or InvitationError saying why it cannot be used."""
    try:
        invitation = Invitation.objects.select_related("clinic", "patient").get(
            token_hash=hash_token(token)
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
    # Lock the row so two tabs submitting the same link cannot both succeed.
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise InvitationError("This invitation link has already been used.")
    user_model = get_user_model()
    user = user_model.objects.filter(email=invitation.email).first()
    if user is None:
        validate_password(password)
        user = user_model.objects.create_user(invitation.email, password, display_name=display_name)
    elif not user.check_password(password):
        raise ValidationError("This email already has a login: enter that password to accept.")
    if invitation.kind == InvitationKind.PATIENT:
        patient = invitation.patient
        if patient is None:
            raise InvitationError("This invitation names no patient record.")
        if patient.user_id and patient.user_id != user.pk:
            raise InvitationError("This patient record already has a login.")
        if hasattr(user, "patient_record") and user.patient_record.pk != patient.pk:
            raise InvitationError("This email already belongs to another patient record.")
        patient.user = user
        patient.save(update_fields=["user", "updated_at"])
        record(
            actor=user,
            patient=patient,
            action=AuditAction.CHANGE,
            subject="invitation",
            subject_id=invitation.pk,
            detail="patient set a password and can now log in",
        )
    else:
        Membership.objects.update_or_create(
            user=user,
            clinic=invitation.clinic,
            defaults={"role": Role(invitation.kind), "is_active": True},
        )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return user


@transaction.atomic
def revoke_invitation(*, invitation: Invitation) -> None:
    if invitation.is_usable:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])


class LastAdminError(Exception):
    """A clinic must keep at least one active admin."""


@transaction.atomic
def change_membership(
    *, membership: Membership, role: Role | None = None, active: bool | None = None
) -> None:
    """Change a member's role or switch the membership off, keeping at least one admin."""
    new_role = role or Role(membership.role)
    new_active = membership.is_active if active is None else active
    loses_admin = membership.role == Role.ADMIN and (new_role != Role.ADMIN or not new_active)
    if loses_admin:
        other_admins = (
            Membership.objects.select_for_update()
            .filter(clinic=membership.clinic, role=Role.ADMIN, is_active=True)
            .exclude(pk=membership.pk)
        )
        if not other_admins.exists():
            raise LastAdminError("A clinic needs at least one active admin.")
    membership.role = new_role
    membership.is_active = new_active
    membership.save(update_fields=["role", "is_active"])
