"""Booking with times: the clinic's opening hours, a therapist's working hours, free slots.

A week's hours are a mapping weekday (0 Monday ... 6 Sunday) -> (opens, closes) in the clinic's
local time; a weekday missing from it is a closed day. A booking is a span [start, end) of naive
local datetimes. The rules: a session lies inside the clinic's hours of its day and inside the
therapist's, and does not overlap another booking of the same therapist. Suggested days fall on
opening days (`on_opening_day`). The storage keeps the no-overlap rule under a lock; these
functions only say whether a span fits and why not.

Interface:
    check_slot(start, end, *, opening, working, taken, therapist="The therapist") -> None
        (raises Unbookable with the reason)
    free_slots(day, minutes, *, opening, working, taken, step_minutes=30) -> list[datetime]
    open_weekdays(opening) -> frozenset[int]
    on_opening_day(day, weekdays, *, earliest=None, latest=None) -> date | None
"""

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta

WeeklyHours = Mapping[int, tuple[time, time]]
Span = tuple[datetime, datetime]

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# A clinic that never set its hours: Monday to Friday, 08:00-18:00 (a project default).
DEFAULT_OPENING: dict[int, tuple[time, time]] = {day: (time(8), time(18)) for day in range(5)}


class Unbookable(ValueError):
    """A span the hours or the other bookings refuse; the message says why."""


def _hours(hours: tuple[time, time]) -> str:
    return f"{hours[0]:%H:%M}-{hours[1]:%H:%M}"


def check_slot(
    start: datetime,
    end: datetime,
    *,
    opening: WeeklyHours,
    working: WeeklyHours,
    taken: Sequence[Span],
    therapist: str = "The therapist",
) -> None:
    """Refuse a span outside the clinic's or the therapist's hours, or over another booking."""
    if end <= start:
        raise Unbookable("A session ends after it starts.")
    if end.date() != start.date() and end.time() != time(0):
        raise Unbookable("A session starts and ends on the same day.")
    weekday = start.weekday()
    name = WEEKDAYS[weekday]
    clinic = opening.get(weekday)
    if clinic is None:
        raise Unbookable(f"The clinic is closed on {name}s.")
    if not (clinic[0] <= start.time() and end.time() <= clinic[1]):
        raise Unbookable(f"The clinic is open {_hours(clinic)} on {name}s.")
    own = working.get(weekday)
    if own is None:
        raise Unbookable(f"{therapist} does not work on {name}s.")
    if not (own[0] <= start.time() and end.time() <= own[1]):
        raise Unbookable(f"{therapist} works {_hours(own)} on {name}s.")
    for other_start, other_end in taken:
        if other_start < end and start < other_end:
            raise Unbookable(
                f"{therapist} already has a session {other_start:%H:%M}-{other_end:%H:%M} "
                f"on {other_start:%a %d %b}."
            )


def free_slots(
    day: date,
    minutes: int,
    *,
    opening: WeeklyHours,
    working: WeeklyHours,
    taken: Sequence[Span],
    step_minutes: int = 30,
) -> list[datetime]:
    """Start times on `day`, every `step_minutes`, at which a `minutes`-long session fits."""
    found: list[datetime] = []
    clinic = opening.get(day.weekday())
    if clinic is None:
        return found
    moment = datetime.combine(day, clinic[0])
    closes = datetime.combine(day, clinic[1])
    length = timedelta(minutes=minutes)
    while moment + length <= closes:
        try:
            check_slot(moment, moment + length, opening=opening, working=working, taken=taken)
        except Unbookable:
            pass
        else:
            found.append(moment)
        moment += timedelta(minutes=step_minutes)
    return found


def open_weekdays(opening: WeeklyHours) -> frozenset[int]:
    return frozenset(opening)


def on_opening_day(
    day: date,
    weekdays: frozenset[int] | None,
    *,
    earliest: date | None = None,
    latest: date | None = None,
) -> date | None:
    """`day` if the clinic opens then, else the next opening day; when that is past `latest`,
    the last opening day before `day` but not before `earliest`; None when neither exists.
    `weekdays` None (no hours known) keeps the day as it is."""
    if weekdays is None:
        return day
    if not weekdays:
        return None
    later = day
    while later.weekday() not in weekdays:
        later += timedelta(days=1)
    if latest is None or later <= latest:
        return later
    sooner = day
    while sooner.weekday() not in weekdays:
        sooner -= timedelta(days=1)
    if earliest is not None and sooner < earliest:
        return None
    return sooner
