"""What insight keeps of its own: each closed course's end-of-course result, so the page can
count responders at the end with one aggregate query.

The course summary page works the result out from the scores on every view
(`courses.review.review_for` over every session held, the MCID rules of reference D.1 and E.3);
counting it for thousands of courses on every insight page would repeat that per course. The
insight sweep (`services.record_course_ends`) stores the result once a course has closed, with
the rule's words unchanged; nothing here judges a course by another rule.
"""

from __future__ import annotations

from django.db import models

from knotwork.patients.models import PatientScopedQuerySet


class CourseEndQuerySet(PatientScopedQuerySet["CourseEnd"]):
    patient_path = "course__patient"


class CourseEnd(models.Model):
    """The end-of-course result of one closed course, as the summary page showed it when the
    sweep recorded it (`outcome` is a `domain.protocol.ReviewOutcome` value)."""

    course = models.OneToOneField(
        "courses.Course", on_delete=models.CASCADE, related_name="insight_end"
    )
    outcome = models.CharField(max_length=20)
    sessions_held = models.PositiveSmallIntegerField()
    # The course's `ended_at` the result was computed for: a course closed again later (an
    # amendment of its last session does not close it again) is recomputed.
    for_ended_at = models.DateTimeField()
    computed_at = models.DateTimeField()

    objects = CourseEndQuerySet.as_manager()

    class Meta:
        ordering = ["-computed_at", "-id"]

    def __str__(self) -> str:
        return f"End of {self.course}: {self.outcome}"
