"""Course plan: suggested dates, plan validation, progress on a given day."""

from dataclasses import fields
from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knotwork.domain.protocol import (
    PLAN_PROVENANCE,
    CoursePlan,
    InvalidPlan,
    Origin,
    course_end,
    course_progress,
    suggested_session_dates,
)

START = date(2026, 3, 2)


@st.composite
def plans(draw: st.DrawFn) -> CoursePlan:
    weeks = draw(st.integers(1, 26))
    min_gap = draw(st.integers(1, 14))
    sessions = draw(st.integers(1, weeks * 7 // min_gap + 1))
    review_after = draw(st.integers(1, sessions))
    return CoursePlan(sessions, weeks, review_after, min_gap)


def test_it_spreads_the_default_four_sessions_two_weeks_apart() -> None:
    dates = suggested_session_dates(START, CoursePlan())
    assert [(day - START).days for day in dates] == [0, 14, 28, 42]
    assert dates[-1] == course_end(START, CoursePlan())


@given(plan=plans(), start=st.dates(date(2020, 1, 1), date(2035, 1, 1)))
def test_it_keeps_every_suggested_date_inside_the_plan_and_apart(
    plan: CoursePlan, start: date
) -> None:
    dates = suggested_session_dates(start, plan)
    assert len(dates) == plan.sessions
    assert dates[0] == start
    assert all(start <= day <= course_end(start, plan) for day in dates)
    assert all((later - earlier).days >= plan.min_gap_days for earlier, later in pairwise(dates))


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"sessions": 0}, "at least one session"),
        ({"review_after": 5}, "review"),
        ({"sessions": 20, "weeks": 2, "min_gap_days": 3}, "do not fit"),
        ({"min_gap_days": 0}, "apart"),
    ],
)
def test_it_refuses_a_plan_that_contradicts_itself(kwargs: dict[str, int], words: str) -> None:
    with pytest.raises(InvalidPlan, match=words):
        CoursePlan(**kwargs)


def test_it_says_where_every_plan_number_comes_from() -> None:
    assert set(PLAN_PROVENANCE) == {field.name for field in fields(CoursePlan)}
    assert PLAN_PROVENANCE["sessions"].section == "E.3"
    # The minimum gap is ours, not the reference's; it must never be shown as a clinical fact.
    assert PLAN_PROVENANCE["min_gap_days"].origin is Origin.PROJECT_DEFAULT


def test_it_reports_sessions_done_weeks_elapsed_and_the_review_due_after_session_two() -> None:
    plan = CoursePlan()
    held = [START, START + timedelta(days=14)]
    progress = course_progress(START, START + timedelta(days=17), plan, held=held)
    assert (progress.sessions_done, progress.sessions_planned) == (2, 4)
    assert progress.weeks_elapsed == 2
    assert progress.review_due
    assert progress.next_due == suggested_session_dates(START, plan)[2]
    assert not progress.overdue
    assert not course_progress(START, START, plan, held=held, reviewed=True).review_due


def test_it_prefers_a_booked_date_and_flags_an_unbooked_session_as_overdue() -> None:
    plan = CoursePlan()
    today = START + timedelta(days=20)
    booked = START + timedelta(days=23)
    with_booking = course_progress(START, today, plan, held=[START], booked=[booked])
    assert with_booking.next_due == booked
    assert with_booking.next_due_is_booked
    without = course_progress(START, today, plan, held=[START])
    assert without.overdue
    assert without.next_due == START + timedelta(days=14)


def test_it_has_nothing_due_once_every_planned_session_is_held() -> None:
    plan = CoursePlan()
    held = list(suggested_session_dates(START, plan))
    progress = course_progress(START, held[-1], plan, held=held)
    assert progress.complete
    assert progress.next_due is None


@given(
    plan=plans(),
    offsets=st.lists(st.integers(0, 200), max_size=6),
    today_offset=st.integers(-10, 250),
)
def test_it_never_suggests_the_next_session_inside_the_minimum_gap(
    plan: CoursePlan, offsets: list[int], today_offset: int
) -> None:
    held = sorted(START + timedelta(days=offset) for offset in offsets)[: plan.sessions]
    progress = course_progress(START, START + timedelta(days=today_offset), plan, held=held)
    assert progress.weeks_elapsed >= 0
    if progress.next_due is not None and held:
        assert progress.next_due >= held[-1] + timedelta(days=plan.min_gap_days)
