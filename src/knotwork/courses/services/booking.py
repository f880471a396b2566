"""Booking a session at a time with a therapist, and the hours bookings must fit.

The hours rules are `knotwork.domain.protocol.booking`; this module reads the clinic's and the
therapist's weeks, and keeps a therapist from being double-booked: every booking takes a lock on
the therapist's membership row before it reads their other bookings, so two bookings made at
once are checked one after the other (and the database refuses two starting at the same time).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from knotwork.audit.models import AuditAction
from knotwork.audit.services import record, record_event
from knotwork.clinics.models import Membership
from knotwork.common.errors import Refusal
from knotwork.courses.models import (
    CourseSettings,
    OpeningHours,
    SessionStatus,
    TreatmentSession,
    WorkingHours,
)
from knotwork.courses.services.refusals import CourseError
from knotwork.courses.tasks import queue_reminder
from knotwork.domain.protocol import (
    WEEKDAYS,
    Unbookable,
    WeeklyHours,
    check_slot,
    course_end,
    free_slots,
)

if TYPE_CHECKING:
    from knotwork.accounts.models import User
    from knotwork.clinics.models import Clinic


class BookingRefused(Refusal):
    """A time the hours or the therapist's other bookings refuse (422 naming the input)."""

    def __init__(self, message: str, field: str = "starts_at") -> None:
        super().__init__(message, field=field)


class TooCloseToBook(BookingRefused):
    """A booking closer than the plan's minimum gap to a neighbouring session, with no reason:
    the rule of recording a session (`services.session.check_gap`), applied when it is booked.
    The message names the earliest (or latest) allowed day and time; a reason lets it through."""


def _day_of(session: TreatmentSession) -> date | None:
    """The day a session was held, else the day it is booked for."""
    return timezone.localdate(session.held_at) if session.held_at else session.scheduled_for


def first_free(
    clinic: Clinic,
    therapist: User,
    days: Iterable[date],
    excluding: TreatmentSession | None = None,
) -> datetime | None:
    """The first time still to come, on the first of `days` with a free slot for `therapist`
    (inside the clinic's and the therapist's hours, clear of their bookings), or None."""
    minutes = CourseSettings.for_clinic(clinic).session_minutes
    opening = OpeningHours.week_of(clinic)
    working = therapist_week(clinic, therapist)
    now = timezone.now()
    for day in days:
        found = free_slots(
            day,
            minutes,
            opening=opening,
            working=working,
            taken=taken_spans(therapist, day, excluding=excluding),
        )
        aware = [timezone.make_aware(moment) for moment in found]
        upcoming = [moment for moment in aware if moment > now]
        if upcoming:
            return upcoming[0]
    return None


def _days(count: int) -> str:
    return f"{count} day{'' if count == 1 else 's'}"


def _when(moment: datetime | None, day: date) -> str:
    if moment is None:
        return f"{day:%a %d %b %Y} (no free time with the therapist found in the course)"
    return f"{timezone.localtime(moment):%a %d %b %Y at %H:%M}"


def check_booking_gap(
    session: TreatmentSession, day: date, therapist: User, early_reason: str
) -> None:
    """Refuse a booking fewer than the plan's minimum gap days from the session before it (held
    or booked) or the one after it (booked), unless a reason is given; say the allowed bound."""
    if early_reason.strip():
        return
    course = session.course
    gap = course.min_gap_days
    others = [s for s in course.treatment_sessions.all() if s.pk != session.pk]
    before = [s for s in others if s.number < session.number and _day_of(s) is not None]
    after = [s for s in others if s.number > session.number and _day_of(s) is not None]
    clinic = course.patient.clinic
    end = course_end(course.start_date, course.plan())
    if before:
        previous = max(before, key=lambda s: s.number)
        previous_day = _day_of(previous)
        assert previous_day is not None  # filtered above
        if (day - previous_day).days < gap:
            earliest = previous_day + timedelta(days=gap)
            days = [earliest + timedelta(days=n) for n in range((end - earliest).days + 1)]
            moment = first_free(clinic, therapist, days, session)
            raise TooCloseToBook(
                f"Session {session.number} would be {_days((day - previous_day).days)} after "
                f"session {previous.number} ({previous_day:%a %d %b}); the plan asks for at "
                f"least {gap} days between sessions. The earliest allowed is "
                f"{_when(moment, earliest)}; or say why it is booked sooner."
            )
    if after:
        following = min(after, key=lambda s: s.number)
        following_day = _day_of(following)
        assert following_day is not None  # filtered above
        if (following_day - day).days < gap:
            latest = following_day - timedelta(days=gap)
            raise TooCloseToBook(
                f"Session {session.number} would be {_days((following_day - day).days)} before "
                f"session {following.number} ({following_day:%a %d %b}); the plan asks for at "
                f"least {gap} days between sessions. Book on or before {latest:%a %d %b %Y}, "
                "move the later session first, or say why it is booked sooner."
            )


def local(moment: datetime) -> datetime:
    """An aware moment as the clinic's naive local time (what the hours are written in)."""
    return timezone.localtime(moment).replace(tzinfo=None)


def therapist_membership(clinic: Clinic, therapist: User) -> Membership:
    found = Membership.objects.filter(clinic=clinic, user=therapist, is_active=True).first()
    if found is None:
        raise BookingRefused("Book with a therapist of this clinic.", "therapist")
    found.clinic = clinic  # the caller's, with whatever it has loaded (its opening hours)
    return found


def therapist_week(clinic: Clinic, therapist: User) -> WeeklyHours:
    return WorkingHours.week_of(therapist_membership(clinic, therapist))


def taken_spans(
    therapist: User, day: date, *, excluding: TreatmentSession | None = None
) -> list[tuple[datetime, datetime]]:
    """The therapist's booked spans that day (local), other than `excluding`."""
    booked = TreatmentSession.objects.filter(
        booked_with=therapist,
        status=SessionStatus.BOOKED,
        scheduled_for=day,
        starts_at__isnull=False,
        ends_at__isnull=False,
    )
    if excluding is not None:
        booked = booked.exclude(pk=excluding.pk)
    return [
        (local(start), local(end))
        for start, end in booked.values_list("starts_at", "ends_at")
        if start is not None and end is not None
    ]


def slots_on(clinic: Clinic, therapist: User, day: date) -> list[datetime]:
    """Aware start times on `day` at which a session with `therapist` fits."""
    minutes = CourseSettings.for_clinic(clinic).session_minutes
    found = free_slots(
        day,
        minutes,
        opening=OpeningHours.week_of(clinic),
        working=therapist_week(clinic, therapist),
        taken=taken_spans(therapist, day),
    )
    now = timezone.now()
    aware = [timezone.make_aware(moment) for moment in found]
    return [moment for moment in aware if moment > now]


@transaction.atomic
def book_session(
    *,
    actor: User,
    session: TreatmentSession,
    starts_at: datetime,
    therapist: User | None = None,
    early_reason: str = "",
    request: HttpRequest | None = None,
) -> TreatmentSession:
    """Book a session at `starts_at` with `therapist` (the course's by default): inside the
    clinic's and the therapist's hours, inside the course, after the sessions before it, at
    least the plan's minimum gap from its neighbours unless `early_reason` says why (kept on the
    session, as recording keeps it), and never over another booking of the same therapist."""
    course = session.course
    clinic = course.patient.clinic
    therapist = therapist or course.therapist
    if not course.is_active:
        raise CourseError("This course has ended; no more sessions can be booked.")
    if session.is_held:
        raise CourseError("This session has already been held.")
    if starts_at <= timezone.now():
        raise BookingRefused("Book a time that has not passed yet.")
    day = timezone.localdate(starts_at)
    end = course_end(course.start_date, course.plan())
    if not course.start_date <= day <= end:
        raise BookingRefused(f"Book between {course.start_date} and the course end, {end}.")
    earlier = course.treatment_sessions.filter(number__lt=session.number)
    for other in earlier:
        other_day = timezone.localdate(other.held_at) if other.held_at else other.scheduled_for
        if other_day is not None and other_day >= day:
            raise BookingRefused(
                f"Session {session.number} must come after session {other.number}."
            )
    check_booking_gap(session, day, therapist, early_reason)
    # The lock that keeps two bookings of one therapist from passing the check at once.
    membership = (
        Membership.objects.select_for_update()
        .filter(clinic=clinic, user=therapist, is_active=True)
        .first()
    )
    if membership is None:
        raise BookingRefused("Book with a therapist of this clinic.", "therapist")
    minutes = CourseSettings.for_clinic(clinic).session_minutes
    ends_at = starts_at + timedelta(minutes=minutes)
    try:
        check_slot(
            local(starts_at),
            local(ends_at),
            opening=OpeningHours.week_of(clinic),
            working=WorkingHours.week_of(membership),
            taken=taken_spans(therapist, day, excluding=session),
            therapist=str(therapist),
        )
    except Unbookable as refused:
        raise BookingRefused(str(refused)) from None
    session.scheduled_for = day
    session.starts_at = starts_at
    session.ends_at = ends_at
    session.booked_with = therapist
    session.status = SessionStatus.BOOKED
    session.early_reason = early_reason.strip()
    session.save(
        update_fields=[
            "scheduled_for",
            "starts_at",
            "ends_at",
            "booked_with",
            "status",
            "early_reason",
        ]
    )
    record(
        actor=actor,
        patient=course.patient,
        action=AuditAction.CHANGE,
        subject="session",
        subject_id=session.pk,
        detail=f"session {session.number} booked for {local(starts_at):%Y-%m-%d %H:%M} "
        f"with {therapist}"
        + (
            f"; sooner than the gap because: {session.early_reason}" if session.early_reason else ""
        ),
        request=request,
    )
    moment = reminder_moment(starts_at)
    if moment is not None:
        transaction.on_commit(lambda: queue_reminder(session.pk, moment))
    return session


# The reminder goes out the day before a booked session, at this local time (or at once when
# the booking is made later than that on the day before).
REMINDER_AT = time(9, 0)


def reminder_moment(starts_at: datetime) -> datetime | None:
    """When the reminder of a booking is due; None for a booking on the day it is made."""
    day_before = timezone.localdate(starts_at) - timedelta(days=1)
    if day_before < timezone.localdate():
        return None
    moment = timezone.make_aware(datetime.combine(day_before, REMINDER_AT))
    return max(moment, timezone.now())


def _week_rows(data: Mapping[int, tuple[time, time] | None]) -> dict[int, tuple[time, time]]:
    rows: dict[int, tuple[time, time]] = {}
    for weekday, hours in data.items():
        if hours is None:
            continue
        if not 0 <= weekday <= 6:
            raise Refusal(f"Unknown weekday {weekday}.", field="week")
        if hours[1] <= hours[0]:
            raise Refusal(
                f"On {WEEKDAYS[weekday]}s the end must come after the start.", field="week"
            )
        rows[weekday] = hours
    if not rows:
        raise Refusal("Choose at least one day.", field="week")
    return rows


@transaction.atomic
def save_opening_hours(
    *,
    actor: User,
    clinic: Clinic,
    week: Mapping[int, tuple[time, time] | None],
    session_minutes: int,
    request: HttpRequest | None = None,
) -> None:
    """The clinic's opening days and hours, and how long a booked session lasts (admins)."""
    rows = _week_rows(week)
    if not 15 <= session_minutes <= 240:
        raise Refusal("A session lasts 15 to 240 minutes.", field="session_minutes")
    OpeningHours.objects.filter(clinic=clinic).delete()
    OpeningHours.objects.bulk_create(
        OpeningHours(clinic=clinic, weekday=day, opens=hours[0], closes=hours[1])
        for day, hours in sorted(rows.items())
    )
    settings, _ = CourseSettings.objects.get_or_create(clinic=clinic)
    settings.session_minutes = session_minutes
    settings.save(update_fields=["session_minutes"])
    record_event(
        actor=actor,
        clinic=clinic,
        action=AuditAction.CHANGE,
        subject="opening_hours",
        detail=", ".join(
            f"{WEEKDAYS[day][:3]} {h[0]:%H:%M}-{h[1]:%H:%M}" for day, h in sorted(rows.items())
        )
        + f"; sessions of {session_minutes} min",
        request=request,
    )


@transaction.atomic
def save_working_hours(
    *,
    actor: User,
    membership: Membership,
    week: Mapping[int, tuple[time, time] | None],
    request: HttpRequest | None = None,
) -> None:
    """A staff member's working days and hours in one clinic."""
    rows = _week_rows(week)
    WorkingHours.objects.filter(membership=membership).delete()
    WorkingHours.objects.bulk_create(
        WorkingHours(membership=membership, weekday=day, starts=hours[0], ends=hours[1])
        for day, hours in sorted(rows.items())
    )
    record_event(
        actor=actor,
        clinic=membership.clinic,
        action=AuditAction.CHANGE,
        subject="working_hours",
        detail=f"{membership.user}: "
        + ", ".join(
            f"{WEEKDAYS[day][:3]} {h[0]:%H:%M}-{h[1]:%H:%M}" for day, h in sorted(rows.items())
        ),
        request=request,
    )
