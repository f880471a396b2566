"""The insight sweep's writer: record the end-of-course result of courses that have closed."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from django.db import transaction
from django.db.models import F, Q

from knotwork.audit.models import AuditAction
from knotwork.audit.services import record_event
from knotwork.clinics.models import Clinic
from knotwork.courses.models import Course, CourseStatus
from knotwork.courses.review import review_for
from knotwork.insight.models import CourseEnd

# Courses handled per run: the sweep runs again soon, so a clinic's backlog (the first run after
# an upgrade) is worked off in steps instead of one long transaction.
BATCH = 200


def owed(limit: int = BATCH) -> list[Course]:
    """Closed courses with no result yet, or closed again since their result was computed."""
    return list(
        Course.objects.exclude(status=CourseStatus.ACTIVE)
        .filter(ended_at__isnull=False)
        .filter(Q(insight_end__isnull=True) | ~Q(insight_end__for_ended_at=F("ended_at")))
        .select_related("patient")
        .order_by("ended_at", "pk")[:limit]
    )


@transaction.atomic
def record_course_ends(*, now: datetime, limit: int = BATCH) -> int:
    """Compute and store the result of up to `limit` owed courses; the number recorded.

    The result is the one of the course summary page: the course's review rule over every
    session held (`courses.review.review_for`). Each clinic gets one audit entry per run naming
    how many results were recorded: no patient's record changes, the figures are derived.
    """
    per_clinic: Counter[int] = Counter()
    for course in owed(limit):
        held = course.treatment_sessions.filter(held_at__isnull=False).order_by("-number").first()
        upto = held.number if held is not None else 0
        result = review_for(course, upto)
        assert course.ended_at is not None  # owed() selects closed courses only
        CourseEnd.objects.update_or_create(
            course=course,
            defaults={
                "outcome": result.review.outcome.value,
                "sessions_held": upto,
                "for_ended_at": course.ended_at,
                "computed_at": now,
            },
        )
        per_clinic[course.patient.clinic_id] += 1
    for clinic in Clinic.objects.filter(pk__in=per_clinic):
        record_event(
            actor=None,
            clinic=clinic,
            action=AuditAction.CHANGE,
            subject="insight",
            detail=f"end-of-course results recorded for {per_clinic[clinic.pk]} course(s)",
        )
    return sum(per_clinic.values())
