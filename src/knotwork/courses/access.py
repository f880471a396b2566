"""Scoped lookups for course pages: 404 outside the user's clinics, or for another patient."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from knotwork.clinics.querysets import is_staff_of
from knotwork.courses.models import CheckIn, Course, CourseReview, TreatmentSession

if TYPE_CHECKING:
    from knotwork.accounts.models import User


def _pk(value: object) -> int:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise Http404("Not found.") from None


def get_course_for_staff(user: User, course_id: object) -> Course:
    course = (
        Course.objects.for_user(user)
        .select_related("patient", "therapist")
        .filter(pk=_pk(course_id))
        .first()
    )
    if course is None or not is_staff_of(user, course.patient.clinic_id):
        raise Http404("No such course.")
    return course


def get_session_for_user(user: User, session_id: object) -> TreatmentSession:
    """A session the user may read: their clinic's patient's, or their own."""
    session = (
        TreatmentSession.objects.for_user(user)
        .select_related("course__patient", "course__therapist")
        .filter(pk=_pk(session_id))
        .first()
    )
    if session is None:
        raise Http404("No such session.")
    return session


def get_session_for_staff(user: User, session_id: object) -> TreatmentSession:
    session = get_session_for_user(user, session_id)
    if not is_staff_of(user, session.course.patient.clinic_id):
        raise Http404("No such session.")
    return session


def get_own_session(user: User, session_id: object) -> TreatmentSession:
    """A session of the logged-in patient's own course; 404 for anyone else, staff included."""
    session = get_session_for_user(user, session_id)
    if session.course.patient.user_id != user.pk:
        raise Http404("No such session.")
    return session


def get_review_for_staff(user: User, review_id: object) -> CourseReview:
    review = (
        CourseReview.objects.for_user(user)
        .select_related("course__patient")
        .filter(pk=_pk(review_id))
        .first()
    )
    if review is None or not is_staff_of(user, review.course.patient.clinic_id):
        raise Http404("No such review.")
    return review


def get_own_check_in(user: User, check_in_id: object) -> CheckIn:
    """A check-in of the logged-in patient's own sessions; 404 for anyone else."""
    check_in = (
        CheckIn.objects.for_user(user)
        .select_related("session__course__patient")
        .filter(pk=_pk(check_in_id))
        .first()
    )
    if check_in is None or check_in.session.course.patient.user_id != user.pk:
        raise Http404("No such check-in.")
    return check_in
