"""Palpation findings: what the therapist found when examining a trigger point of a patient."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

from knotwork.finder.palpation import MAX_TENDERNESS, TENDERNESS_LABELS
from knotwork.finder.presenters import trigger_point_title
from knotwork.patients.models import PatientScopedQuerySet

if TYPE_CHECKING:
    pass


class PalpationFindingQuerySet(PatientScopedQuerySet["PalpationFinding"]):
    pass


class PalpationFinding(models.Model):
    """One examination of one trigger point on one side. Never edited: a re-examination is a new
    finding, so earlier visits stay readable as they were recorded."""

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="palpation_findings"
    )
    # The pain map whose candidates led to the examination, when there was one.
    pain_map = models.ForeignKey(
        "painmaps.PainMapRecord",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="palpation_findings",
    )
    # Ids of the knowledge base (shared/spec/muscles.yaml and the muscle's data file).
    muscle = models.CharField(max_length=40)
    trigger_point = models.CharField(max_length=40)
    side = models.CharField(max_length=10)
    found = models.BooleanField(help_text="A trigger point was found at this site.")
    tenderness = models.PositiveSmallIntegerField(
        choices=list(TENDERNESS_LABELS.items()), help_text="0 none to 3 severe."
    )
    twitch_response = models.BooleanField(default=False, help_text="Local twitch response seen.")
    referred_pain_reproduced = models.BooleanField(
        default=False, help_text="Pressure reproduced the patient's referred pain."
    )
    note = models.TextField(blank=True, max_length=2000)
    examined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    examined_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = PalpationFindingQuerySet.as_manager()

    class Meta:
        ordering = ["-examined_at", "-id"]
        indexes = [models.Index(fields=["patient", "muscle", "trigger_point"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(tenderness__lte=MAX_TENDERNESS), name="tenderness_0_to_3"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.muscle}/{self.trigger_point} ({self.side}) of {self.patient}"

    @property
    def title(self) -> str:
        """The trigger point as a person reads it, e.g. "Masseter, deep trigger points (left
        side)"."""
        return trigger_point_title(self.muscle, self.trigger_point, self.side)

    @property
    def tenderness_label(self) -> str:
        return TENDERNESS_LABELS.get(self.tenderness, str(self.tenderness))
