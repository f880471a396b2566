"""The relief window and the next-session suggestion, kept inside the course plan.

Relief window: the days a session's relief is expected to last before tightness returns. Issue 6
asks for 4-14 days, shorter with higher stress; the clinical reference gives no figure for it, so
both the range and the stress mapping are product rules (see `RELIEF_PROVENANCE`). Stress is the
single-item stress rating 0-10 of reference D.8 (`stress_nrs`: descriptive, not validated).

Interface:
    ReliefRule(shortest_days=4, longest_days=14).expected_days(stress) -> int
    suggest_next_session(*, course_start, plan, last_session, sessions_done, stress,
                         tightness_returned=None, not_before=None, rule=ReliefRule(),
                         weekdays=None)
        -> NextSessionSuggestion
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from knotwork.domain.protocol.booking import on_opening_day
from knotwork.domain.protocol.plan import CoursePlan, course_end
from knotwork.domain.protocol.provenance import Origin, Provenance

STRESS_MIN = 0
STRESS_MAX = 10


@dataclass(frozen=True, slots=True)
class ReliefRule:
    """Expected relief: `longest_days` at stress 0, falling linearly to `shortest_days` at 10."""

    shortest_days: int = 4
    longest_days: int = 14

    def __post_init__(self) -> None:
        if not 1 <= self.shortest_days <= self.longest_days:
            raise ValueError("the relief window needs 1 <= shortest_days <= longest_days")

    def expected_days(self, stress: int | None) -> int:
        """Days relief is expected to last for a stress rating 0-10; the midpoint when unknown."""
        if stress is None:
            stress = (STRESS_MIN + STRESS_MAX) // 2
        if isinstance(stress, bool) or not STRESS_MIN <= stress <= STRESS_MAX:
            raise ValueError(f"stress must be a whole number 0-10, got {stress!r}")
        width = self.longest_days - self.shortest_days
        # Linear, rounded half up in integers so the same rating always gives the same day.
        return self.longest_days - (2 * width * stress + STRESS_MAX) // (2 * STRESS_MAX)


RELIEF_PROVENANCE: dict[str, Provenance] = {
    "shortest_days": Provenance(
        Origin.ISSUE,
        "4 days: issue 6 states relief lasts 4-14 days; the clinical reference has no figure.",
    ),
    "longest_days": Provenance(
        Origin.ISSUE,
        "14 days: issue 6 states relief lasts 4-14 days; the clinical reference has no figure.",
    ),
    "stress_mapping": Provenance(
        Origin.PROJECT_DEFAULT,
        "Linear from 14 days at stress 0 to 4 days at stress 10 (stress 5 or unknown: 9 days). "
        "Issue 6 only says 'shorter with higher stress'; linear is the simplest monotone rule.",
        "D.8",
        (),
        uncertain=True,
    ),
}


class Basis(StrEnum):
    """What the suggested date was aimed at before the course limits were applied."""

    TIGHTNESS_RETURNED = "tightness_returned"
    RELIEF_WINDOW = "relief_window"


class Limit(StrEnum):
    """The course limit that moved the suggestion away from its aim."""

    MIN_GAP = "min_gap"
    CLOSED_DAY = "closed_day"
    NOT_BEFORE = "not_before"
    ROOM_FOR_REMAINING = "room_for_remaining"
    COURSE_END = "course_end"


@dataclass(frozen=True, slots=True)
class NextSessionSuggestion:
    """A suggested date for the next session (None when no day fits the plan), and why."""

    on: date | None
    aim: date
    basis: Basis
    relief_days: int | None
    earliest: date
    latest: date
    limited_by: Limit | None
    explanation: str


def suggest_next_session(
    *,
    course_start: date,
    plan: CoursePlan,
    last_session: date,
    sessions_done: int,
    stress: int | None,
    tightness_returned: date | None = None,
    not_before: date | None = None,
    rule: ReliefRule | None = None,
    weekdays: frozenset[int] | None = None,
) -> NextSessionSuggestion:
    """Suggest the next session: when tightness returned, else after the expected relief window.

    The suggestion is never sooner than `plan.min_gap_days` after the last session nor before
    `not_before` (e.g. today), and never after the course end. It also leaves room for the
    sessions still planned after it at the minimum gap, unless that room no longer exists.
    When even the earliest allowed day is after the course end, `on` is None: the therapist
    must extend the plan or end the course; Knotwork does not quietly overrun it. With the
    clinic's opening `weekdays` (0 Monday), the day moves to the next opening day (or, past the
    latest day, the last one before it that keeps the gap).
    """
    rule = rule or ReliefRule()
    if not 1 <= sessions_done < plan.sessions:
        raise ValueError(f"sessions_done must be 1-{plan.sessions - 1}, got {sessions_done}")
    if last_session < course_start:
        raise ValueError("the last session cannot precede the course start")
    if tightness_returned is not None and tightness_returned < last_session:
        raise ValueError("tightness cannot return before the session it followed")

    relief_days: int | None = None
    if tightness_returned is not None:
        # What the patient observed beats the prediction: tightness is back, so aim for that day.
        aim, basis = tightness_returned, Basis.TIGHTNESS_RETURNED
    else:
        relief_days = rule.expected_days(stress)
        aim, basis = last_session + timedelta(days=relief_days), Basis.RELIEF_WINDOW

    gap_floor = last_session + timedelta(days=plan.min_gap_days)
    earliest = max(gap_floor, not_before) if not_before else gap_floor
    end = course_end(course_start, plan)
    still_after = plan.sessions - sessions_done - 1
    room = end - timedelta(days=still_after * plan.min_gap_days)
    latest = room if room >= earliest else end

    if earliest > end:
        return NextSessionSuggestion(
            None,
            aim,
            basis,
            relief_days,
            earliest,
            end,
            Limit.COURSE_END,
            "No day fits: the minimum gap runs past the course end. Extend the plan or end it.",
        )
    limited_by: Limit | None = None
    on = aim
    if aim < earliest:
        on = earliest
        limited_by = Limit.NOT_BEFORE if earliest != gap_floor else Limit.MIN_GAP
    elif aim > latest:
        on = latest
        limited_by = (
            Limit.ROOM_FOR_REMAINING if latest == room and latest < end else Limit.COURSE_END
        )
    opening_day = on_opening_day(on, weekdays, earliest=earliest, latest=max(latest, on))
    if opening_day is None:
        return NextSessionSuggestion(
            None,
            aim,
            basis,
            relief_days,
            earliest,
            latest,
            Limit.CLOSED_DAY,
            "No day fits: the clinic is closed on every day the plan allows. Extend the plan.",
        )
    if opening_day != on:
        on, limited_by = opening_day, limited_by or Limit.CLOSED_DAY
    return NextSessionSuggestion(
        on,
        aim,
        basis,
        relief_days,
        earliest,
        latest,
        limited_by,
        _explain(basis, relief_days, limited_by),
    )


def _explain(basis: Basis, relief_days: int | None, limited_by: Limit | None) -> str:
    if basis is Basis.TIGHTNESS_RETURNED:
        reason = "Aimed at the day the patient reported tightness returning."
    else:
        reason = f"Aimed at the end of the expected relief window ({relief_days} days)."
    moved = {
        None: "",
        Limit.MIN_GAP: " Moved later to keep the minimum gap after the last session.",
        Limit.NOT_BEFORE: " Moved to the first day still available.",
        Limit.ROOM_FOR_REMAINING: " Moved earlier to leave room for the remaining sessions.",
        Limit.COURSE_END: " Moved earlier to stay within the course.",
        Limit.CLOSED_DAY: " Moved to a day the clinic is open.",
    }[limited_by]
    return reason + moved
