"""Instruments sent to a patient, their scored responses, and a clinic's licensed wording."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from knotwork.domain import outcomes
from knotwork.domain.outcomes.packs import InstrumentPack, parse_pack
from knotwork.patients.models import PatientScopedQuerySet

INSTRUMENT_CHOICES = [(i, outcomes.instrument(i).name) for i in outcomes.INSTRUMENT_IDS]


class AssignmentStatus(models.TextChoices):
    SENT = "sent", "Waiting for answers"
    COMPLETED = "completed", "Answered"
    CANCELLED = "cancelled", "Withdrawn"


class Purpose(models.TextChoices):
    BASELINE = "baseline", "Baseline"
    FOLLOW_UP = "follow_up", "Follow-up"


class InstrumentAssignment(models.Model):
    """An instrument (questionnaire) sent to a patient to answer, with its status."""

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="instrument_assignments"
    )
    instrument = models.CharField(max_length=20, choices=INSTRUMENT_CHOICES)
    purpose = models.CharField(max_length=10, choices=Purpose.choices, default=Purpose.FOLLOW_UP)
    status = models.CharField(
        max_length=10, choices=AssignmentStatus.choices, default=AssignmentStatus.SENT
    )
    intake = models.ForeignKey(
        "intake.Intake", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    objects = PatientScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.instrument} for {self.patient} ({self.status})"

    @property
    def definition(self) -> outcomes.Instrument:
        return outcomes.instrument(self.instrument)


class InstrumentResponse(models.Model):
    """A patient's answers to one assignment and their score (`ScoreResult.to_dict()`)."""

    assignment = models.OneToOneField(
        InstrumentAssignment, on_delete=models.CASCADE, related_name="response"
    )
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="instrument_responses"
    )
    instrument = models.CharField(max_length=20, choices=INSTRUMENT_CHOICES)
    # One entry per item: the response option number, or null for an item left unanswered.
    answers = models.JSONField()
    # PSFS only: the activities the patient named, one per answer.
    activities = models.JSONField(default=list, blank=True)
    result = models.JSONField()
    score = models.FloatField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = PatientScopedQuerySet.as_manager()

    class Meta:
        ordering = ["answered_at", "id"]

    def __str__(self) -> str:
        return f"{self.instrument} = {self.score} ({self.patient})"

    @property
    def band(self) -> str | None:
        band: str | None = self.result.get("band")
        return band

    @property
    def valid(self) -> bool:
        return bool(self.result.get("valid"))


class InstrumentPackFile(models.Model):
    """Licensed item wording a clinic loaded for one instrument (a validated pack file)."""

    clinic = models.ForeignKey(
        "clinics.Clinic", on_delete=models.CASCADE, related_name="instrument_packs"
    )
    instrument = models.CharField(max_length=20, choices=INSTRUMENT_CHOICES)
    # The pack as read from the file; it is validated again (parse_pack) whenever it is used.
    data = models.JSONField()
    licence = models.CharField(max_length=500)
    language = models.CharField(max_length=20, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["instrument"]
        constraints = [
            models.UniqueConstraint(fields=["clinic", "instrument"], name="one_pack_per_instrument")
        ]

    def __str__(self) -> str:
        return f"{self.instrument} wording for {self.clinic}"

    def pack(self) -> InstrumentPack:
        data: dict[str, Any] = self.data
        return parse_pack(data)
