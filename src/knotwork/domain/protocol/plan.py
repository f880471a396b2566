"""The course plan: how many sessions, over how many weeks, with a review point, as date arithmetic.

A course is a planned series of sessions for one patient. Dates are calendar dates
(`datetime.date`); day 0 is the first session. The course end is the last day on which a session
of this course may take place: first session + `weeks` weeks. Provenance of each default is in
`PLAN_PROVENANCE`.

Interface:
    CoursePlan(sessions=4, weeks=6, review_after=2, min_gap_days=3)
    course_end(start, plan) -> date
    suggested_session_dates(start, plan, weekdays=None) -> tuple[date, ...]
    course_progress(start, today, plan, held=(), booked=(), reviewed=False, suggested=None,
                    suggested_late=False, weekdays=None) -> CourseProgress
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from knotwork.domain.protocol.booking import on_opening_day
from knotwork.domain.protocol.provenance import Origin, Provenance

DAYS_PER_WEEK = 7


class InvalidPlan(ValueError):
    """A course plan whose numbers contradict each other (e.g. a review after a missing session)."""


@dataclass(frozen=True, slots=True)
class CoursePlan:
    """A course: `sessions` sessions within `weeks` weeks of the first, reviewed after one."""

    sessions: int = 4
    weeks: int = 6
    review_after: int = 2
    min_gap_days: int = 3

    def __post_init__(self) -> None:
        if self.sessions < 1:
            raise InvalidPlan("a course needs at least one session")
        if self.weeks < 1:
            raise InvalidPlan("a course lasts at least one week")
        if not 1 <= self.review_after <= self.sessions:
            raise InvalidPlan("the review must follow one of the planned sessions")
        if self.min_gap_days < 1:
            raise InvalidPlan("sessions must be at least one day apart")
        # A plan whose sessions cannot all fit at the minimum gap would force suggestions either
        # past the course end or closer than the gap; refuse it when the plan is made instead.
        if (self.sessions - 1) * self.min_gap_days > self.span_days:
            raise InvalidPlan(
                f"{self.sessions} sessions at least {self.min_gap_days} days apart "
                f"do not fit in {self.weeks} weeks"
            )

    @property
    def span_days(self) -> int:
        """Days from the first session to the course end."""
        return self.weeks * DAYS_PER_WEEK


PLAN_PROVENANCE: dict[str, Provenance] = {
    "sessions": Provenance(
        Origin.REFERENCE_PROJECT_DEFAULT,
        "4 sessions; the reference marks this as a project rule: no guideline prescribes it.",
        "E.3",
        ("NICE-NG59", "ACP-2017", "ICSI-2018"),
    ),
    "weeks": Provenance(
        Origin.REFERENCE_PROJECT_DEFAULT,
        "6 weeks; a project rule per the reference, not a guideline figure.",
        "E.3",
        ("NICE-NG59", "ACP-2017", "ICSI-2018"),
    ),
    "review_after": Provenance(
        Origin.REFERENCE_PROJECT_DEFAULT,
        "Review after session 2 (a project rule per the reference). With the default spacing it "
        "falls at day 14, in line with ICSI's re-evaluation at 2-3 weeks if symptoms persist.",
        "E.3",
        ("ICSI-2018",),
    ),
    "min_gap_days": Provenance(
        Origin.PROJECT_DEFAULT,
        "3 days: post-treatment soreness peaks at 24-48 h and settles by 72 h, so the next "
        "session waits until it has settled. The gap itself is not a figure of any source.",
        "E.2",
        ("CAMBRON-2007", "DOMS-SEC"),
    ),
}


def course_end(start: date, plan: CoursePlan) -> date:
    """The last day on which a session of this course may take place."""
    return start + timedelta(days=plan.span_days)


def suggested_session_dates(
    start: date, plan: CoursePlan, weekdays: frozenset[int] | None = None
) -> tuple[date, ...]:
    """Dates spreading the planned sessions evenly from the first session to the course end,
    each moved onto an opening day (`weekdays`, 0 Monday; None: every day) and kept at least the
    minimum gap after the one before."""
    if plan.sessions == 1:
        return (start,)
    intervals = plan.sessions - 1
    end = course_end(start, plan)
    found: list[date] = []
    for index in range(plan.sessions):
        # Integer rounding half up keeps the dates deterministic; with 4 sessions over 6 weeks
        # they fall every 14 days (days 0, 14, 28, 42).
        day = start + timedelta(days=(2 * index * plan.span_days + intervals) // (2 * intervals))
        if found:
            day = max(day, found[-1] + timedelta(days=plan.min_gap_days))
        floor = found[-1] + timedelta(days=plan.min_gap_days) if found else start
        found.append(on_opening_day(day, weekdays, earliest=floor, latest=end) or day)
    return tuple(found)


@dataclass(frozen=True, slots=True)
class CourseProgress:
    """Where a course stands on a day: sessions done vs planned, weeks elapsed, next due."""

    sessions_done: int
    sessions_planned: int
    # From the first session held (or the planned start) to today, or to the last session of a
    # completed course: the time the course has really taken.
    days_elapsed: int
    weeks_elapsed: int
    course_end: date
    next_due: date | None
    next_due_is_booked: bool
    overdue: bool
    review_due: bool
    complete: bool


def course_progress(
    start: date,
    today: date,
    plan: CoursePlan,
    held: Sequence[date] = (),
    booked: Sequence[date] = (),
    reviewed: bool = False,
    suggested: date | None = None,
    suggested_late: bool = False,
    weekdays: frozenset[int] | None = None,
) -> CourseProgress:
    """Progress of a course on `today` from the sessions held and the sessions booked.

    The next session due is the earliest booked date from today on; without one, `suggested`
    (the course page's suggestion for the next session: one rule for both, see
    `relief.suggest_next_session`; `suggested_late` when its aim had already passed), else the
    plan's date on an opening day, never sooner than the minimum gap after the last session held.
    A suggested date before today, or one whose aim has passed, is overdue; a booked one never is.
    """
    done = len(held)
    complete = done >= plan.sessions
    began = min(held) if held else start
    until = max(held) if complete and held else today
    days = max(0, (until - began).days)
    next_due: date | None = None
    is_booked = False
    late = False
    if not complete:
        upcoming = sorted(day for day in booked if day >= today)
        if upcoming:
            next_due, is_booked = upcoming[0], True
        elif suggested is not None:
            next_due, late = suggested, suggested_late
        else:
            next_due = suggested_session_dates(start, plan, weekdays)[done]
            if held:
                floor = max(held) + timedelta(days=plan.min_gap_days)
                next_due = on_opening_day(max(next_due, floor), weekdays) or next_due
    return CourseProgress(
        sessions_done=done,
        sessions_planned=plan.sessions,
        days_elapsed=days,
        weeks_elapsed=days // DAYS_PER_WEEK,
        course_end=course_end(start, plan),
        next_due=next_due,
        next_due_is_booked=is_booked,
        overdue=next_due is not None and not is_booked and (late or next_due < today),
        review_due=done >= plan.review_after and not reviewed,
        complete=complete,
    )
