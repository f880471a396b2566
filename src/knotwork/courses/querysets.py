"""Scoped reads of the courses app, and what a course reads of the intake.

Course pages fetch through the `get_..._for_staff` / `get_own_...` helpers: 404 outside the
user's clinics, or for another patient. The intake owns the red-flag screen, the gate and the
instrument responses; a course reads the scores, the stress rating and the pain types through
the functions below (the gate itself is `knotwork.intake.services.gate_for`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from knotwork.clinics.models import Membership
from knotwork.courses.models import (
    CalendarFeed,
    CheckIn,
    Course,
    CourseReview,
    SessionStatus,
    TreatmentSession,
)
from knotwork.domain.anatomy import PAIN_TYPES, region
from knotwork.domain.outcomes import Reading
from knotwork.intake.models import Intake
from knotwork.intake.panels import prefetch as gate_prefetch
from knotwork.intake.services.instruments import outcomes_for
from knotwork.patients.models import Patient

if TYPE_CHECKING:
    from knotwork.accounts.models import User
    from knotwork.clinics.models import Clinic
    from knotwork.courses.models.course import CourseQuerySet
    from knotwork.courses.models.session import SessionQuerySet


def courses_with_therapist() -> CourseQuerySet:
    """Courses as their pages read them (each names the course's therapist): the rows of
    `get_course_for_staff`, and of `patients.querysets.fetch_or_404` where the read is audited."""
    return Course.objects.select_related("therapist")


def sessions_with_therapist() -> SessionQuerySet:
    """Sessions as their pages read them, with the course and its therapist."""
    return TreatmentSession.objects.select_related("course__therapist")


def get_course_for_staff(user: User, course_id: int | str) -> Course:
    return courses_with_therapist().get_for_user_or_404(user, course_id, staff_only=True)


def get_session_for_user(
    user: User, session_id: int | str, *, staff_only: bool = False
) -> TreatmentSession:
    """A session the user may read: their clinic's patient's, or (unless staff_only) their own."""
    return sessions_with_therapist().get_for_user_or_404(
        user, session_id, staff_only=staff_only, what="session"
    )


def get_session_for_staff(user: User, session_id: int | str) -> TreatmentSession:
    return get_session_for_user(user, session_id, staff_only=True)


def get_own_session(user: User, session_id: int | str) -> TreatmentSession:
    """A session of the logged-in patient's own course; 404 for anyone else, staff included."""
    session = get_session_for_user(user, session_id)
    if session.course.patient.user_id != user.pk:
        raise Http404("No such session.")
    return session


def get_review_for_staff(user: User, review_id: int | str) -> CourseReview:
    return CourseReview.objects.get_for_user_or_404(user, review_id, staff_only=True, what="review")


def get_own_check_in(user: User, check_in_id: int | str) -> CheckIn:
    """A check-in of the logged-in patient's own sessions; 404 for anyone else."""
    check_in = CheckIn.objects.get_for_user_or_404(user, check_in_id, what="check-in")
    if check_in.session.course.patient.user_id != user.pk:
        raise Http404("No such check-in.")
    return check_in


def clinic_therapists(clinic: Clinic) -> list[tuple[int, str]]:
    """The clinic's active staff, whom a session may be booked with (user id, name)."""
    members = Membership.objects.filter(clinic=clinic, is_active=True).select_related("user")
    return [(member.user_id, str(member.user)) for member in members]


def clinic_therapist(clinic: Clinic, user_id: int) -> User | None:
    """An active staff member of the clinic by user id; None for anyone else."""
    member = (
        Membership.objects.filter(clinic=clinic, is_active=True, user_id=user_id)
        .select_related("user")
        .first()
    )
    return member.user if member else None


def feed_sessions(feed: CalendarFeed) -> SessionQuerySet:
    """The sessions a calendar feed lists: the patient's own, or the therapist's courses' of
    patients the owner can still see (a clinic whose membership ended drops out at once).
    Booked sessions of a course that ended early stay in it, marked cancelled."""
    sessions = TreatmentSession.objects.select_related("course__patient__clinic")
    if feed.patient_id:
        return sessions.filter(course__patient_id=feed.patient_id, course__patient__user=feed.user)
    visible = Patient.objects.restrict(feed.user, staff_only=True).values("pk")
    return sessions.filter(course__therapist=feed.user, course__patient__in=visible)


# The primary disability instrument per pain type (issue 6): ODI for low back, NDI for neck,
# PSFS for everything else.
DISABILITY_BY_PAIN_TYPE = {"low_back": "odi", "neck": "ndi"}
DISABILITY_INSTRUMENTS = ("odi", "ndi", "psfs")


@dataclass(frozen=True)
class Score:
    """One instrument score from the intake, with when it was given."""

    instrument: str
    value: float
    at: datetime | date


def score_history(patient: Patient, instrument: str) -> list[Score]:
    """The patient's valid scores of `instrument` from the intake, oldest first."""
    for outcome in outcomes_for(patient):
        if outcome.instrument.id == instrument:
            return [
                Score(instrument, float(response.score), response.answered_at)
                for response in outcome.responses
                if response.score is not None
            ]
    return []


def moment(at: datetime | date) -> datetime:
    """A score's time as an aware datetime (a bare date counts from its midnight)."""
    if isinstance(at, datetime):
        return at
    return timezone.make_aware(datetime.combine(at, time.min))


def latest_score(
    patient: Patient,
    instrument: str,
    *,
    since: datetime | None = None,
    before: datetime | None = None,
) -> Score | None:
    """The most recent valid score of `instrument` given after `since` and before `before`."""
    chosen = [
        score
        for score in score_history(patient, instrument)
        if (since is None or moment(score.at) > since)
        and (before is None or moment(score.at) < before)
    ]
    return chosen[-1] if chosen else None


def stress_rating(patient: Patient) -> int | None:
    """The intake's single-item stress rating 0-10 (reference D.8), if the patient gave one."""
    score = latest_score(patient, "stress")
    return None if score is None else int(score.value)


def intake_pain_types(patient: Patient) -> list[str]:
    """The pain types the patient chose in their latest submitted intake."""
    intake = Intake.objects.filter(patient=patient, finished_at__isnull=False).first()
    if intake is None:
        return []
    return list(intake.step_answers("where").get("pain_types") or [])


def dominant_pain_type(patient: Patient) -> str:
    """The pain type the course is measured by (a project rule, see the README of this app).

    Among the pain types of the intake (or, without one, all types), the one carrying the most
    pain intensity on the latest pain map; ties go to the atlas order (low back, neck, headache,
    facial, other). With neither an intake nor a map: "other".
    """
    chosen = [kind for kind in intake_pain_types(patient) if kind in PAIN_TYPES]
    weight: Counter[str] = Counter()
    pain_map = patient.pain_maps.prefetch_related("marks").first()
    if pain_map is not None:
        for mark in pain_map.marks.all():
            weight[region(mark.region).pain_type] += mark.intensity
    candidates = chosen or [kind for kind in PAIN_TYPES if weight[kind]]
    if not candidates:
        return "other"
    return max(candidates, key=lambda kind: (weight[kind], -PAIN_TYPES.index(kind)))


def disability_instrument_for(pain_type: str) -> str:
    return DISABILITY_BY_PAIN_TYPE.get(pain_type, "psfs")


def session_readings(patient: Patient, instrument: str) -> list[Reading]:
    """The pain (NPRS) the patient rated before each session held, as readings of the NPRS.

    A reading provider of the intake's outcomes (`READING_PROVIDERS`), so the patient page's
    "now" follows the same rule as the course's (`outcomes.CURRENT_RULE`).
    """
    if instrument != "nprs":
        return []
    sessions = TreatmentSession.objects.filter(
        course__patient=patient, held_at__isnull=False, pre_nprs__isnull=False
    ).order_by("held_at", "number")
    return [
        Reading(session.held_at, float(session.pre_nprs), f"pain before session {session.number}")
        for session in sessions
        if session.held_at is not None and session.pre_nprs is not None
    ]


def day_sessions(
    clinic: Clinic, day: date, therapist_id: int | None = None
) -> QuerySet[TreatmentSession]:
    """The clinic's sessions of `day` (not cancelled), by time: booked with `therapist_id`, or
    of their courses when booked with nobody; every therapist's when None. The day view's page
    and API read it, with what each row shows (the patient's gate and the course's check-ins)
    loaded once."""
    rows = TreatmentSession.objects.filter(course__patient__clinic=clinic, scheduled_for=day)
    if therapist_id is not None:
        rows = rows.filter(
            Q(booked_with_id=therapist_id)
            | Q(booked_with__isnull=True, course__therapist_id=therapist_id)
        )
    # What the gate reads of each patient (the intake's panel prefetch), once for the page.
    gate_reads = [
        Prefetch(f"course__patient__{r.prefetch_through}", queryset=r.queryset)
        if isinstance(r, Prefetch)
        else f"course__patient__{r}"
        for r in gate_prefetch()
    ]
    return (
        rows.exclude(status=SessionStatus.CANCELLED)
        .select_related("course__patient__clinic", "booked_with", "course__therapist")
        .prefetch_related("course__treatment_sessions__check_in", *gate_reads)
        .order_by("starts_at", "pk")
    )


def day_alerts(session: TreatmentSession) -> list[str]:
    """The open check-in alerts of the session's course (from `day_sessions`' prefetch)."""
    return [
        reason
        for other in session.course.treatment_sessions.all()
        if (check_in := getattr(other, "check_in", None)) is not None
        for reason in check_in.alert_reasons
    ]
