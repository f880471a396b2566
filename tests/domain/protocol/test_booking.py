"""Booking rules: inside the clinic's and the therapist's hours, no overlap, opening days."""

import itertools
from datetime import date, datetime, time, timedelta

import pytest

from knotwork.domain.protocol import (
    DEFAULT_OPENING,
    CoursePlan,
    Unbookable,
    check_slot,
    course_progress,
    free_slots,
    on_opening_day,
    suggest_next_session,
    suggested_session_dates,
)

MONDAY = date(2031, 3, 3)
WEEKDAYS_ONLY = frozenset(range(5))
SHORT_FRIDAY = {**DEFAULT_OPENING, 4: (time(8), time(12))}


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute))


def test_it_books_inside_the_clinics_and_the_therapists_hours() -> None:
    check_slot(
        at(MONDAY, 10), at(MONDAY, 11), opening=DEFAULT_OPENING, working=DEFAULT_OPENING, taken=[]
    )


@pytest.mark.parametrize(
    ("start", "reason"),
    [
        (at(MONDAY + timedelta(days=6), 10), "The clinic is closed on Sundays."),
        (at(MONDAY, 17, 30), "The clinic is open 08:00-18:00 on Mondays."),
        (at(MONDAY, 7), "The clinic is open 08:00-18:00 on Mondays."),
        (at(MONDAY + timedelta(days=4), 12), "Sam works 08:00-12:00 on Fridays."),
        (at(MONDAY + timedelta(days=1), 10), "Sam does not work on Tuesdays."),
    ],
)
def test_it_refuses_a_time_outside_the_hours_saying_which(start: datetime, reason: str) -> None:
    working = {day: hours for day, hours in SHORT_FRIDAY.items() if day != 1}
    with pytest.raises(Unbookable) as refused:
        check_slot(
            start,
            start + timedelta(hours=1),
            opening=DEFAULT_OPENING,
            working=working,
            taken=[],
            therapist="Sam",
        )
    assert str(refused.value) == reason


def test_it_refuses_a_time_over_another_booking_of_the_therapist_but_not_next_to_it() -> None:
    taken = [(at(MONDAY, 10), at(MONDAY, 11))]
    with pytest.raises(Unbookable, match="already has a session 10:00-11:00"):
        check_slot(
            at(MONDAY, 10, 30),
            at(MONDAY, 11, 30),
            opening=DEFAULT_OPENING,
            working=DEFAULT_OPENING,
            taken=taken,
        )
    check_slot(
        at(MONDAY, 11),
        at(MONDAY, 12),
        opening=DEFAULT_OPENING,
        working=DEFAULT_OPENING,
        taken=taken,
    )


def test_it_offers_free_slots_only_where_a_whole_session_fits() -> None:
    taken = [(at(MONDAY, 9), at(MONDAY, 10))]
    slots = free_slots(MONDAY, 60, opening=DEFAULT_OPENING, working=SHORT_FRIDAY, taken=taken)
    assert slots[0] == at(MONDAY, 8) and at(MONDAY, 8, 30) not in slots
    assert at(MONDAY, 9) not in slots and at(MONDAY, 10) in slots
    assert slots[-1] == at(MONDAY, 17)
    assert (
        free_slots(
            MONDAY + timedelta(days=6),
            60,
            opening=DEFAULT_OPENING,
            working=DEFAULT_OPENING,
            taken=[],
        )
        == []
    )


def test_it_moves_a_day_onto_the_next_opening_day_or_back_inside_the_limit() -> None:
    saturday = MONDAY + timedelta(days=5)
    assert on_opening_day(saturday, WEEKDAYS_ONLY) == MONDAY + timedelta(days=7)
    assert on_opening_day(saturday, WEEKDAYS_ONLY, latest=saturday) == MONDAY + timedelta(days=4)
    assert on_opening_day(saturday, WEEKDAYS_ONLY, earliest=saturday, latest=saturday) is None


def test_it_suggests_plan_dates_on_opening_days_at_least_the_gap_apart() -> None:
    # 4 sessions over 6 weeks from a Saturday: every 14 days is always a Saturday.
    saturday = MONDAY + timedelta(days=5)
    days = suggested_session_dates(saturday, CoursePlan(), WEEKDAYS_ONLY)
    assert all(day.weekday() < 5 for day in days[1:])
    assert all((b - a).days >= 3 for a, b in itertools.pairwise(days))


def test_it_never_suggests_the_next_session_on_a_closed_day() -> None:
    # Stress 5: relief 9 days after Monday's session is a Wednesday; tightness on a Sunday.
    found = suggest_next_session(
        course_start=MONDAY,
        plan=CoursePlan(),
        last_session=MONDAY,
        sessions_done=1,
        stress=None,
        tightness_returned=MONDAY + timedelta(days=6),
        weekdays=WEEKDAYS_ONLY,
    )
    assert found.on == MONDAY + timedelta(days=7)
    assert "clinic is open" in found.explanation


def test_next_due_is_the_suggestion_the_course_page_shows() -> None:
    suggestion = MONDAY + timedelta(days=9)
    progress = course_progress(
        MONDAY, MONDAY + timedelta(days=1), CoursePlan(), held=[MONDAY], suggested=suggestion
    )
    assert progress.next_due == suggestion and not progress.next_due_is_booked


def test_weeks_elapsed_count_from_the_first_session_to_the_last_of_a_completed_course() -> None:
    held = [MONDAY, MONDAY, MONDAY, MONDAY]
    finished = course_progress(MONDAY, MONDAY + timedelta(weeks=6), CoursePlan(), held=held)
    assert finished.complete and finished.weeks_elapsed == 0 and finished.days_elapsed == 0
    spread = [MONDAY + timedelta(days=14 * n) for n in range(4)]
    done = course_progress(MONDAY, MONDAY + timedelta(weeks=9), CoursePlan(), held=spread)
    assert done.weeks_elapsed == 6
    running = course_progress(MONDAY, MONDAY + timedelta(days=17), CoursePlan(), held=spread[:2])
    assert running.weeks_elapsed == 2 and running.days_elapsed == 17
