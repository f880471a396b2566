"""Stored pain maps: who drew which regions, how intense, and when."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

from knotwork.domain.painmap import QUALITIES, Mark, PainMap
from knotwork.patients.models import PatientScopedQuerySet

if TYPE_CHECKING:
    pass


class PainMapQuerySet(PatientScopedQuerySet["PainMapRecord"]):
    pass


class DrawnVia(models.TextChoices):
    PATIENT = "patient", "The patient, logged in"
    LINK = "link", "The patient, through a one-time link"
    CLINIC = "clinic", "Clinic staff"


class PainMapRecord(models.Model):
    """One drawing of a patient's pain. Never edited: a new drawing is a new record."""

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="pain_maps"
    )
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    drawn_via = models.CharField(max_length=10, choices=DrawnVia.choices)
    drawn_at = models.DateTimeField(auto_now_add=True, db_index=True)
    note = models.TextField(blank=True, max_length=2000)
    # The patient's explicit "no pain anywhere today": the only way a map with no painful
    # region is recorded (domain.painmap.check_recordable), and how pages tell a day without
    # pain from a drawing left empty.
    no_pain = models.BooleanField(default=False)

    objects = PainMapQuerySet.as_manager()

    class Meta:
        ordering = ["-drawn_at", "-id"]

    def __str__(self) -> str:
        return f"Pain map of {self.patient} at {self.drawn_at:%Y-%m-%d %H:%M}"

    def to_domain(self) -> PainMap:
        marks = tuple(Mark(m.region, m.intensity, m.quality or None) for m in self.marks.all())
        return PainMap(marks, self.note, self.no_pain)


class PainMark(models.Model):
    """One marked region of a pain map (region ids from spec/body-regions.yaml)."""

    pain_map = models.ForeignKey(PainMapRecord, on_delete=models.CASCADE, related_name="marks")
    region = models.CharField(max_length=40)
    intensity = models.PositiveSmallIntegerField()
    quality = models.CharField(max_length=12, blank=True, choices=[(q, q) for q in QUALITIES])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pain_map", "region"], name="one_mark_per_region"),
            models.CheckConstraint(condition=models.Q(intensity__lte=10), name="intensity_0_to_10"),
        ]
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.region}={self.intensity}"


class DrawingLink(models.Model):
    """A one-time link that lets a patient draw a pain map on their phone without logging in."""

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="drawing_links"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    pain_map = models.OneToOneField(
        PainMapRecord, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"Drawing link for {self.patient}"
