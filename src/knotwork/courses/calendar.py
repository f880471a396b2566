"""Sessions as iCalendar feeds (RFC 5545), written with the `icalendar` package.

Feeds travel to third-party calendar services, so they say as little as possible: a
therapist's feed names patients by initials only, and no feed carries clinical detail.

A session becomes a `FeedEvent` in `session_event` (the one place that decides its times and
status), and `calendar_text` writes any events with the clinic's time zone (VTIMEZONE). A
booked session spans its booked time (or its whole day when booked without one); a held one sits
at the moment it was recorded as held.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Literal

from django.utils import timezone
from icalendar import Calendar, Event

if TYPE_CHECKING:
    from knotwork.courses.models import TreatmentSession

Status = Literal["CONFIRMED", "TENTATIVE", "CANCELLED"]
# Time-zone rules are written up to this day (icalendar's default stops at 2038).
VTIMEZONE_UNTIL = date(2100, 1, 1)


@dataclass(frozen=True, slots=True)
class FeedEvent:
    """One calendar entry: a whole day (`date`) or a timed span (aware `datetime`)."""

    uid: str
    summary: str
    start: date | datetime
    end: date | datetime
    status: Status
    description: str = ""


def initials(given: str, family: str) -> str:
    return "".join(part[:1].upper() + "." for part in (given, family) if part)


def session_times(session: TreatmentSession) -> tuple[date | datetime, date | datetime] | None:
    """When the session is in the calendar: a held session at the moment it was recorded as
    held, in the clinic's time zone; a booked one over its booked day; None when not booked."""
    if session.held_at:
        held = timezone.localtime(session.held_at)
        return held, held
    if session.starts_at and session.ends_at:
        return timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    if session.scheduled_for:
        return session.scheduled_for, session.scheduled_for + timedelta(days=1)
    return None


def session_status(session: TreatmentSession) -> Status:
    """Cancelled sessions, and booked sessions of a course that ended early, stay in the feed as
    cancelled, so calendar apps take them off instead of keeping a stale appointment."""
    if session.status == "cancelled":
        return "CANCELLED"
    if not session.held_at and session.course.status == "ended":
        return "CANCELLED"
    return "CONFIRMED"


def session_event(session: TreatmentSession, *, for_therapist: bool) -> FeedEvent | None:
    times = session_times(session)
    if times is None:
        return None
    course = session.course
    patient = course.patient
    if for_therapist:
        title = f"Session {session.number}/{course.sessions}: "
        title += initials(patient.given_name, patient.family_name)
    else:
        title = f"Session {session.number} of {course.sessions} at {patient.clinic.name}"
    status = session_status(session)
    if status == "CANCELLED":
        title = f"Cancelled: {title}"
    description = "Recorded as held." if session.held_at else ""
    return FeedEvent(f"session-{session.pk}@knotwork", title, *times, status, description)


def calendar_text(events: Iterable[FeedEvent], *, name: str, now: datetime) -> bytes:
    """The feed: the events, with a VTIMEZONE for every time zone their times use."""
    calendar = Calendar()
    calendar.add("prodid", "-//Knotwork//Treatment sessions//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", timezone.get_current_timezone_name())
    stamp = now.astimezone(UTC)
    for found in events:
        event = Event()
        event.add("uid", found.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", found.start)
        event.add("dtend", found.end)
        event.add("summary", found.summary)
        event.add("status", found.status)
        if found.description:
            event.add("description", found.description)
        calendar.add_component(event)
    calendar.add_missing_timezones(last_date=VTIMEZONE_UNTIL)
    text: bytes = calendar.to_ical()
    return text


def ics(sessions: Iterable[TreatmentSession], *, for_therapist: bool, now: datetime) -> bytes:
    """A therapist's or a patient's feed of their sessions."""
    events = [session_event(session, for_therapist=for_therapist) for session in sessions]
    return calendar_text(
        [event for event in events if event is not None],
        name="Knotwork sessions" if for_therapist else "My sessions",
        now=now,
    )
