"""Read-side views of a course: progress, suggested dates, the next session, charts, summary
(the iCalendar feeds are `calendar.py`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from knotwork.common.charts import Line, line_chart
from knotwork.courses import querysets
from knotwork.courses.models import CheckIn, Course, OpeningHours, TreatmentSession
from knotwork.courses.review import course_began, review_for
from knotwork.domain.outcomes import instrument
from knotwork.domain.protocol import (
    CourseProgress,
    Limit,
    NextSessionSuggestion,
    course_progress,
    open_weekdays,
    suggest_next_session,
    suggested_session_dates,
)


@dataclass
class SessionRow:
    """A session as the course page lists it, with the plan's suggested date when not booked."""

    session: TreatmentSession
    suggested: date | None
    check_in: CheckIn | None


def held_day(session: TreatmentSession) -> date | None:
    return timezone.localdate(session.held_at) if session.held_at else None


def weekdays_of(course: Course) -> frozenset[int]:
    """The days the course's clinic is open (0 Monday): suggestions fall on these."""
    return open_weekdays(OpeningHours.week_of(course.patient.clinic))


def load(course: Course) -> Course:
    """Prefetch what the presenters below read of a course, once: its sessions with their
    check-ins, replies, signers and bookings, its reviews and its clinic's opening hours (the
    course page asks for each several times)."""
    sessions = TreatmentSession.objects.select_related("check_in", "signed_by", "booked_with")
    prefetch_related_objects(
        [course],
        Prefetch("treatment_sessions", queryset=sessions.prefetch_related("check_in__answers")),
        "reviews",
        # Every suggestion and free slot on the page falls on the clinic's opening days.
        "patient__clinic__opening_hours",
    )
    return course


def progress(course: Course, today: date) -> CourseProgress:
    """Where the course stands; its "next session due" is the course page's suggestion for the
    next session (`next_session`) unless a later session is booked: one rule for both."""
    sessions = list(course.treatment_sessions.all())
    held = [day for day in (held_day(s) for s in sessions) if day is not None]
    booked = [s.scheduled_for for s in sessions if not s.is_held and s.scheduled_for]
    reviewed = any(r.after_session == course.review_after for r in course.reviews.all())
    found = next_session(course, today)
    suggestion = found[1] if found else None
    return course_progress(
        course.start_date,
        today,
        course.plan(),
        held,
        booked,
        reviewed,
        suggested=suggestion.on if suggestion else None,
        suggested_late=bool(suggestion and suggestion.limited_by is Limit.NOT_BEFORE),
        weekdays=weekdays_of(course),
    )


def session_rows(course: Course) -> list[SessionRow]:
    suggested = suggested_session_dates(course.start_date, course.plan(), weekdays_of(course))
    rows = []
    for session in load(course).treatment_sessions.all():
        plan_day = suggested[session.number - 1] if session.number <= len(suggested) else None
        check_in = getattr(session, "check_in", None) if session.is_held else None
        rows.append(SessionRow(session, None if session.scheduled_for else plan_day, check_in))
    return rows


def next_session(
    course: Course, today: date
) -> tuple[TreatmentSession, NextSessionSuggestion] | None:
    """The relief-window suggestion for the first session not yet held, after the last held."""
    sessions = list(course.treatment_sessions.all())
    held = [s for s in sessions if s.is_held]
    following = [s for s in sessions if not s.is_held]
    if not course.is_active or not held or not following:
        return None
    last = held[-1]
    last_day = held_day(last)
    if last_day is None:  # never: `held` are held; the check tells the type checker so
        return None
    # A course started for the first booked day (after hours: tomorrow) whose first session was
    # then held at once began that day: the suggestion counts from the earlier of the two.
    first_day = held_day(held[0]) or last_day
    suggestion = suggest_next_session(
        course_start=min(course.start_date, first_day),
        plan=course.plan(),
        last_session=last_day,
        sessions_done=len(held),
        stress=course.stress,
        tightness_returned=last.tightness_returned_on,
        not_before=today,
        rule=course.relief_rule(),
        weekdays=weekdays_of(course),
    )
    return following[0], suggestion


def charts(course: Course) -> dict[str, SafeString]:
    """NPRS before and after each session (and at the check-in), and the disability scores."""
    sessions = [s for s in load(course).treatment_sessions.all() if s.is_held]
    columns = ["Baseline", *[f"S{s.number}" for s in sessions]]
    check_in_pain: list[float | None] = [None]
    for session in sessions:
        check_in = getattr(session, "check_in", None)
        answers = list(check_in.answers.all()) if check_in else []
        check_in_pain.append(float(answers[-1].pain) if answers else None)
    nprs = line_chart(
        "Pain (NPRS 0-10) at baseline and at each session",
        columns,
        [
            Line("before session", [course.baseline_nprs, *[s.pre_nprs for s in sessions]]),
            Line("after session", [None, *[s.post_nprs for s in sessions]]),
            Line("pain at check-in", check_in_pain),
        ],
        low=0,
        high=10,
    )
    found: dict[str, SafeString] = {"nprs": mark_safe(nprs)}
    disability = _disability_chart(course)
    if disability:
        found["disability"] = mark_safe(disability)
    return found


def _disability_chart(course: Course) -> str:
    history = querysets.score_history(course.patient, course.disability_instrument)
    values: list[float | None] = [course.baseline_disability]
    columns = ["Baseline"]
    began = course_began(course)
    for score in history:
        # Only re-scores: the baseline itself is the first column already.
        if querysets.moment(score.at) > began:
            columns.append(f"{_as_date(score.at):%d %b}")
            values.append(score.value)
    if course.baseline_disability is None and len(values) == 1:
        return ""
    # The axis is the instrument's score range (its definition's scoring.range, reference D).
    definition = instrument(course.disability_instrument)
    low, high = definition.score_range
    name = definition.name
    return line_chart(name, columns, [Line(name, values)], low=low, high=high)


def _as_date(moment: Any) -> date:
    return timezone.localdate(moment) if hasattr(moment, "hour") else moment


def summary(course: Course) -> dict[str, Any]:
    """End of course: the change in every instrument, responder or not, with the verdict."""
    last = course.treatment_sessions.filter(held_at__isnull=False).order_by("-number").first()
    upto = last.number if last else 0
    change = review_for(course, upto, every_instrument=True)
    return {"review": change.review, "figures": change.figures, "sessions_held": upto}
