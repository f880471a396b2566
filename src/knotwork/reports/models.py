"""The PDFs made for a patient: one row per file, with who made it, for whom and when, and the
progress of one still being made in the background."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from knotwork.patients.models import PatientScopedQuerySet


class ReportQuerySet(PatientScopedQuerySet["Report"]):
    """Reports of the patients a user may see (`restrict`, `get_for_user_or_404`)."""


class ReportKind(models.TextChoices):
    """The kinds of interop.documents' `document-kinds` code system (same codes)."""

    PROGRESS_REPORT = "progress_report", "Progress report for the physician"
    CLEARANCE_REQUEST = "clearance_request", "Clearance request to the physician"
    HOME_CARE = "home_care", "Home-care handout"
    PAIN_MAP = "pain_map", "Pain map print"
    PATIENT_RECORD = "patient_record", "The patient's own record"


# The kinds the patient reads as well as the clinic: what was made for them to take home, and
# the copies of their record they downloaded.
PATIENT_KINDS = (ReportKind.HOME_CARE, ReportKind.PAIN_MAP, ReportKind.PATIENT_RECORD)


class ReportStatus(models.TextChoices):
    QUEUED = "queued", "Waiting for the worker"
    RUNNING = "running", "Being made"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"


def report_path(report: Report, filename: str) -> str:
    """A random name under the clinic and patient: the file name says nothing about anyone."""
    return f"reports/{report.patient.clinic_id}/{report.patient_id}/{uuid.uuid4().hex}.pdf"


class Report(models.Model):
    """One generated PDF. Never changed once made: a new report is a new row."""

    patient = models.ForeignKey("patients.Patient", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=ReportKind.choices)
    title = models.CharField(max_length=200)
    # What the document is about, when it is about one thing: the course of a progress report,
    # the session of a handout, the pain maps of a print (`pain_maps`, oldest first).
    course = models.ForeignKey(
        "courses.Course", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    session = models.ForeignKey(
        "courses.TreatmentSession",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    pain_maps = models.JSONField(default=list, blank=True)
    # A handout's version: 1 when its session was signed, one more for each amendment that
    # changed what the handout shows (the points treated, the muscles given as home care).
    version = models.PositiveSmallIntegerField(default=1)
    # The physician it is addressed to, as on the patient's record when it was made.
    addressed_to = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=ReportStatus.choices, default="queued")
    # 0-100 and what is being done, for the page that waits for a background report.
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=120, blank=True)
    error = models.CharField(max_length=500, blank=True)
    file = models.FileField(upload_to=report_path, blank=True)
    size = models.PositiveIntegerField(default=0)
    pages = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    mailed_to = models.EmailField(blank=True)
    mailed_at = models.DateTimeField(null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["patient", "kind"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    @property
    def is_done(self) -> bool:
        return self.status == ReportStatus.DONE

    @property
    def is_waiting(self) -> bool:
        return self.status in (ReportStatus.QUEUED, ReportStatus.RUNNING)

    @property
    def for_patient(self) -> bool:
        return self.kind in PATIENT_KINDS

    def content(self) -> bytes:
        """The stored PDF."""
        with self.file.open("rb") as stored:
            data: bytes = stored.read()
        return data
