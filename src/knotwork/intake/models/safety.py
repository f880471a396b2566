"""Red-flag screens (intake and pre-session), physician clearances and clinic alerts.

Screens store the answers as given and are never changed: a changed answer is a new screen, and
the gate counts the findings of every screen until a clearance covers them (domain.safety.gate).
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models

from knotwork.domain import safety
from knotwork.patients.models import PatientScopedQuerySet


class Screen(models.Model):
    """Answers to one red-flag screen on one date: `{question id: true | false | null}`."""

    patient = models.ForeignKey("patients.Patient", on_delete=models.CASCADE, related_name="+")
    screened_on = models.DateField()
    answers = models.JSONField(default=dict)
    # The pain map regions the questions were chosen for; empty means every question was asked.
    region_ids = models.JSONField(default=list, blank=True)
    # The most serious urgency found, kept for lists and alerts; the outcome is always recomputed.
    urgency = models.CharField(max_length=10, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = PatientScopedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["screened_on", "recorded_at", "id"]

    def outcome(self) -> safety.ScreenOutcome:
        raise NotImplementedError


class RedFlagScreen(Screen):
    """The full red-flag screen of section C.2, answered during an intake."""

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="red_flag_screens"
    )
    intake = models.ForeignKey(
        "intake.Intake", null=True, blank=True, on_delete=models.SET_NULL, related_name="screens"
    )
    # The pain types the patient named ("Where is your pain?") beside the map's regions: with
    # `region_ids` they decide which questions were asked (`safety.select_questions`).
    pain_types = models.JSONField(default=list, blank=True)

    class Meta(Screen.Meta):
        pass

    def __str__(self) -> str:
        return f"Red-flag screen of {self.patient} on {self.screened_on}"

    def outcome(self) -> safety.ScreenOutcome:
        return safety.screen_intake(
            self.answers,
            on=self.screened_on,
            region_ids=self.region_ids or None,
            pain_types=self.pain_types or None,
        )

    def selection(self) -> safety.Selection:
        """The questions this screen asked, and those it left out with why."""
        return safety.select_questions(self.region_ids or None, self.pain_types or None)


class PreSessionScreen(Screen):
    """The short screen repeated before each session (always asks about inflammation and fever)."""

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="pre_session_screens"
    )

    class Meta(Screen.Meta):
        pass

    def __str__(self) -> str:
        return f"Pre-session screen of {self.patient} on {self.screened_on}"

    def outcome(self) -> safety.ScreenOutcome:
        return safety.screen_pre_session(
            self.answers, on=self.screened_on, region_ids=self.region_ids or None
        )


class CheckInScreen(Screen):
    """The red flags ticked in an aftercare check-in, as yes answers to pre-session questions.

    Written only when the check-in named a symptom that re-asks a red flag; the gate counts it
    like the pre-session screen's same answer (`domain.safety.screen_check_in`).
    """

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="check_in_screens"
    )

    class Meta(Screen.Meta):
        pass

    def __str__(self) -> str:
        return f"Check-in red flags of {self.patient} on {self.screened_on}"

    def outcome(self) -> safety.ScreenOutcome:
        return safety.screen_check_in(self.answers, on=self.screened_on)


def letter_path(clearance: Clearance, filename: str) -> str:
    """A random file name under the clinic and patient: the original name may identify people."""
    suffix = PurePath(filename).suffix.lower()
    folder = f"clearances/{clearance.patient.clinic_id}/{clearance.patient_id}"
    return f"{folder}/{uuid.uuid4().hex}{suffix}"


class Clearance(models.Model):
    """A physician clearance recorded by the clinic: the only thing that opens a closed gate."""

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="clearances"
    )
    cleared_by = models.CharField(
        max_length=200, help_text="Who cleared the patient: the physician's name and role."
    )
    cleared_on = models.DateField()
    # Finding keys (`rf_...`, `ps_...`) this clearance covers.
    keys = models.JSONField(default=list)
    note = models.TextField(blank=True, max_length=2000)
    letter = models.FileField(upload_to=letter_path, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = PatientScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-cleared_on", "-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"Clearance of {self.patient} by {self.cleared_by} on {self.cleared_on}"

    def to_domain(self) -> safety.Clearance:
        return safety.Clearance(
            cleared_by=self.cleared_by,
            cleared_on=self.cleared_on,
            keys=frozenset(self.keys),
            note=self.note,
            letter=self.letter.name or None,
        )


class AlertKind(models.TextChoices):
    EMERGENCY = "emergency", "Emergency answer in a red-flag screen"
    CHECK_IN = "check_in", "Aftercare check-in alert"
    CHECK_IN_UNANSWERED = "check_in_unanswered", "Check-in unanswered at 72 h"


class ClinicAlertQuerySet(PatientScopedQuerySet["ClinicAlert"]):
    """Alerts are for staff: read them with `restrict(user, staff_only=True)`."""

    def open(self) -> ClinicAlertQuerySet:
        return self.filter(acknowledged_at=None)


class ClinicAlert(models.Model):
    """Something the clinic must see now; on the dashboard until a staff member acknowledges it."""

    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.CASCADE, related_name="alerts")
    patient = models.ForeignKey("patients.Patient", on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=20, choices=AlertKind.choices)
    message = models.CharField(max_length=500)
    # Where the alert is resolved (a course page, ...); empty: the patient's page.
    link = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    objects = ClinicAlertQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.patient}"
