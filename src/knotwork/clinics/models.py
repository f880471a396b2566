"""Clinics are the tenants: every patient record and every staff role belongs to one clinic."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac


class Clinic(models.Model):
    name = models.CharField(max_length=200)
    # Clinic-wide policy from the safety gate: a routine red flag needs clearance before session 1.
    routine_flags_need_clearance = models.BooleanField(default=True)
    # Admins and superusers always need a second factor; this asks it of every staff member.
    staff_need_two_factor = models.BooleanField(
        "Every staff member needs two-factor authentication",
        default=False,
        help_text="Staff who have not set it up are asked to at their next login.",
    )
    # Off by default: a new clinic gets the knowledge base's ranking exactly (docs/finder.md,
    # "Learning from the clinic's findings").
    learn_from_findings = models.BooleanField(
        "Learn from this clinic's palpation findings",
        default=False,
        help_text="The finder's ranking also weighs what palpation confirmed or refuted here "
        "for similar pain maps; a few findings cannot overturn the reference.",
    )
    is_demo = models.BooleanField(default=False, help_text="Synthetic demonstration data.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    ADMIN = "admin", "Clinic admin"
    THERAPIST = "therapist", "Therapist"


class Membership(models.Model):
    """A staff user's role in one clinic. Admins manage members; both roles treat patients."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "clinic"], name="one_membership_per_clinic")
        ]
        ordering = ["clinic", "user__email"]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.clinic})"


class InvitationKind(models.TextChoices):
    PATIENT = "patient", "Patient"
    THERAPIST = "therapist", "Therapist"
    ADMIN = "admin", "Clinic admin"


class Delivery(models.TextChoices):
    EMAIL = "email", "Link by email"
    CODE = "code", "Code handed over in person"


def hash_token(token: str) -> str:
    """Only a hash of the link's token is stored, so a database leak reveals no usable link."""
    return hashlib.sha256(token.encode()).hexdigest()


# A login code is short enough to type, so a plain hash could be reversed by trying every code;
# keyed with the secret key, a copy of the database alone reveals nothing.
LOGIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
LOGIN_CODE_LENGTH = 8
LOGIN_CODE_TRIES = 5


def normalise_login_code(code: str) -> str:
    """`abcd-efgh ` -> `ABCDEFGH`: spaces, dashes and case do not matter when typing it."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def hash_login_code(code: str) -> str:
    return salted_hmac(
        "knotwork.login-code", normalise_login_code(code), algorithm="sha256"
    ).hexdigest()


def new_login_code() -> str:
    return "".join(secrets.choice(LOGIN_CODE_ALPHABET) for _ in range(LOGIN_CODE_LENGTH))


class Invitation(models.Model):
    """A one-time way in, valid for 72 hours, on which the invited person sets a password.

    By email it is a link mailed to the invitee only; for a patient without email it is a short
    code that a staff member prints and hands over, which the patient enters with their date of
    birth. Either way the staff member never sees a link, and never sets or learns a password.
    """

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="invitations")
    kind = models.CharField(max_length=20, choices=InvitationKind.choices)
    delivery = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.EMAIL)
    email = models.EmailField(blank=True)
    patient = models.ForeignKey(
        "patients.Patient",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Wrong dates of birth entered with a login code; at LOGIN_CODE_TRIES the code is withdrawn.
    failed_tries = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        # Only the newest invitation works: one pending per person (services.invite withdraws
        # the older one first, with the clinic's row locked; these back it in the database).
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "email", "kind"],
                condition=models.Q(accepted_at=None, revoked_at=None, delivery="email"),
                name="one_pending_invitation_per_email",
            ),
            models.UniqueConstraint(
                fields=["patient"],
                condition=models.Q(accepted_at=None, revoked_at=None),
                name="one_pending_invitation_per_patient",
            ),
        ]

    def __str__(self) -> str:
        return f"Invitation for {self.email or self.patient} ({self.status})"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)

    @staticmethod
    def default_expiry() -> datetime:
        return timezone.now() + timedelta(hours=settings.INVITATION_VALID_HOURS)

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"

    @property
    def is_usable(self) -> bool:
        return self.status == "pending"
