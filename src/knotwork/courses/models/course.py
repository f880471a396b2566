"""A treatment course: a planned series of sessions for one patient, and each clinic's defaults."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

from knotwork.domain.protocol import CheckInPolicy, CoursePlan, ReliefRule
from knotwork.patients.models import PatientScopedQuerySet

if TYPE_CHECKING:
    from knotwork.clinics.models import Clinic


class CourseSettings(models.Model):
    """A clinic's course defaults; copied into each course when it starts (reference E.3).

    The defaults are the project rules of `knotwork.domain.protocol` (4 sessions over 6 weeks,
    review after session 2; relief 4-14 days; check-in at 24 h, reminder at 36 h, close at 72 h).
    """

    clinic = models.OneToOneField(
        "clinics.Clinic", on_delete=models.CASCADE, related_name="course_settings"
    )
    sessions = models.PositiveSmallIntegerField(default=4)
    weeks = models.PositiveSmallIntegerField(default=6)
    review_after = models.PositiveSmallIntegerField(default=2)
    min_gap_days = models.PositiveSmallIntegerField(default=3)
    relief_shortest_days = models.PositiveSmallIntegerField(default=4)
    relief_longest_days = models.PositiveSmallIntegerField(default=14)
    ask_after_hours = models.PositiveSmallIntegerField(default=24)
    remind_after_hours = models.PositiveSmallIntegerField(default=36)
    close_after_hours = models.PositiveSmallIntegerField(default=72)
    # How long a booked session lasts (a project default; the reference gives no figure).
    session_minutes = models.PositiveSmallIntegerField(default=60)

    def __str__(self) -> str:
        return f"Course settings of {self.clinic}"

    @classmethod
    def for_clinic(cls, clinic: Clinic) -> CourseSettings:
        """The clinic's settings, or unsaved defaults when the clinic never changed them."""
        found = cls.objects.filter(clinic=clinic).first()
        return found or cls(clinic=clinic)

    def plan(self) -> CoursePlan:
        return CoursePlan(self.sessions, self.weeks, self.review_after, self.min_gap_days)


class CourseQuerySet(PatientScopedQuerySet["Course"]):
    pass


class CourseStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    COMPLETED = "completed", "Completed"
    REFERRED = "referred", "Ended: referred on"
    ENDED = "ended", "Ended early"


class Course(models.Model):
    """One course of sessions; the plan, relief rule and check-in times are stored with it."""

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="courses"
    )
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="courses"
    )
    start_date = models.DateField(help_text="The day of the first session.")
    status = models.CharField(max_length=12, choices=CourseStatus.choices, default="active")
    # The plan, copied from the clinic's settings at the start so later changes do not move it.
    sessions = models.PositiveSmallIntegerField()
    weeks = models.PositiveSmallIntegerField()
    review_after = models.PositiveSmallIntegerField()
    min_gap_days = models.PositiveSmallIntegerField()
    relief_shortest_days = models.PositiveSmallIntegerField()
    relief_longest_days = models.PositiveSmallIntegerField()
    ask_after_hours = models.PositiveSmallIntegerField()
    remind_after_hours = models.PositiveSmallIntegerField()
    close_after_hours = models.PositiveSmallIntegerField()
    # Baseline: the intake's NPRS and the primary disability instrument (ODI, NDI or PSFS).
    pain_type = models.CharField(max_length=20, blank=True)
    baseline_nprs = models.FloatField(null=True, blank=True)
    disability_instrument = models.CharField(max_length=10)
    baseline_disability = models.FloatField(null=True, blank=True)
    baseline_note = models.CharField(max_length=300, blank=True)
    stress = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The intake's stress rating 0-10 (reference D.8)."
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        constraints = [
            # One active course per patient, whatever races past the service's check.
            models.UniqueConstraint(
                fields=["patient"],
                condition=models.Q(status="active"),
                name="one_active_course_per_patient",
            )
        ]

    def __str__(self) -> str:
        return f"Course of {self.patient} from {self.start_date}"

    @property
    def is_active(self) -> bool:
        return self.status == CourseStatus.ACTIVE

    def plan(self) -> CoursePlan:
        return CoursePlan(self.sessions, self.weeks, self.review_after, self.min_gap_days)

    def relief_rule(self) -> ReliefRule:
        return ReliefRule(self.relief_shortest_days, self.relief_longest_days)

    def check_in_policy(self) -> CheckInPolicy:
        return CheckInPolicy(
            timedelta(hours=self.ask_after_hours),
            timedelta(hours=self.remind_after_hours),
            timedelta(hours=self.close_after_hours),
        )


class ReviewQuerySet(PatientScopedQuerySet["CourseReview"]):
    patient_path = "course__patient"


class CourseReview(models.Model):
    """The automatic review after session `after_session` and the therapist's decision."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="reviews")
    after_session = models.PositiveSmallIntegerField()
    outcome = models.CharField(max_length=20)
    headline = models.CharField(max_length=120)
    # One row per instrument: baseline, current, change, verdict, MCID rule and explanation.
    figures = models.JSONField(default=list)
    reasons = models.JSONField(default=list)
    decision_required = models.BooleanField()
    decision = models.CharField(max_length=10, blank=True)
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Review after session {self.after_session}: {self.headline}"

    @property
    def awaiting_decision(self) -> bool:
        return self.decision_required and not self.decision
