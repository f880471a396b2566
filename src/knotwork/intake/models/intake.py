"""An intake: the first questionnaire about a patient's pain, saved step by step as a draft."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from knotwork.patients.models import PatientScopedQuerySet


class IntakeStatus(models.TextChoices):
    DRAFT = "draft", "In progress"
    SUBMITTED = "submitted", "Completed"
    # An emergency answer ends the intake at once: the patient is sent to emergency care.
    STOPPED = "stopped", "Stopped: emergency care advised"


class FilledVia(models.TextChoices):
    PATIENT = "patient", "The patient, on their own device"
    CLINIC = "clinic", "Clinic staff, with the patient"


class Intake(models.Model):
    """One intake. `answers` maps a step id to that step's validated answers (never partial)."""

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="intakes"
    )
    status = models.CharField(
        max_length=10, choices=IntakeStatus.choices, default=IntakeStatus.DRAFT
    )
    filled_via = models.CharField(max_length=10, choices=FilledVia.choices)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    answers = models.JSONField(default=dict)
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = PatientScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            # One draft at a time, so the patient and the clinic always continue the same one.
            models.UniqueConstraint(
                fields=["patient"],
                condition=models.Q(status="draft"),
                name="one_draft_intake_per_patient",
            )
        ]

    def __str__(self) -> str:
        return f"Intake of {self.patient} ({self.get_status_display()})"

    def step_answers(self, step: str) -> dict[str, Any]:
        """The saved answers of one step, or an empty mapping when it is not done yet."""
        return dict(self.answers.get(step) or {})

    @property
    def is_open(self) -> bool:
        return self.status == IntakeStatus.DRAFT
