"""Relief window and next-session suggestion, always inside the course plan."""

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knotwork.domain.protocol import (
    RELIEF_PROVENANCE,
    Basis,
    CoursePlan,
    Limit,
    Origin,
    ReliefRule,
    course_end,
    suggest_next_session,
)

START = date(2026, 3, 2)
stress_ratings = st.integers(0, 10)


@st.composite
def rules(draw: st.DrawFn) -> ReliefRule:
    shortest = draw(st.integers(1, 20))
    return ReliefRule(shortest, draw(st.integers(shortest, 30)))


def test_it_expects_the_longest_relief_without_stress_and_the_shortest_at_most_stress() -> None:
    rule = ReliefRule()
    assert rule.expected_days(0) == rule.longest_days == 14
    assert rule.expected_days(10) == rule.shortest_days == 4


@given(rule=rules(), low=stress_ratings, high=stress_ratings)
def test_it_never_expects_longer_relief_with_more_stress(
    rule: ReliefRule, low: int, high: int
) -> None:
    low, high = sorted((low, high))
    assert rule.shortest_days <= rule.expected_days(high) <= rule.expected_days(low)
    assert rule.expected_days(low) <= rule.longest_days


def test_it_uses_the_middle_of_the_window_when_stress_is_unknown() -> None:
    rule = ReliefRule()
    assert rule.expected_days(None) == rule.expected_days(5)
    assert rule.shortest_days < rule.expected_days(None) < rule.longest_days


@pytest.mark.parametrize("stress", [-1, 11, True])
def test_it_refuses_a_stress_rating_outside_zero_to_ten(stress: int) -> None:
    with pytest.raises(ValueError, match="0-10"):
        ReliefRule().expected_days(stress)


def test_it_marks_the_relief_window_as_an_issue_rule_and_the_stress_mapping_as_ours() -> None:
    assert RELIEF_PROVENANCE["shortest_days"].origin is Origin.ISSUE
    assert RELIEF_PROVENANCE["longest_days"].origin is Origin.ISSUE
    assert RELIEF_PROVENANCE["stress_mapping"].origin is Origin.PROJECT_DEFAULT
    assert RELIEF_PROVENANCE["stress_mapping"].uncertain


def test_it_suggests_sooner_for_a_stressed_patient_than_for_a_calm_one() -> None:
    common: dict[str, Any] = {"course_start": START, "plan": CoursePlan(), "last_session": START}
    calm = suggest_next_session(**common, sessions_done=1, stress=1)
    stressed = suggest_next_session(**common, sessions_done=1, stress=9)
    assert stressed.on is not None and calm.on is not None
    assert stressed.on < calm.on
    assert calm.basis is Basis.RELIEF_WINDOW


def test_it_aims_at_the_day_tightness_returned_but_keeps_the_minimum_gap() -> None:
    plan = CoursePlan()
    returned = START + timedelta(days=6)
    later = suggest_next_session(
        course_start=START,
        plan=plan,
        last_session=START,
        sessions_done=1,
        stress=0,
        tightness_returned=returned,
    )
    assert later.on == returned
    assert later.basis is Basis.TIGHTNESS_RETURNED
    too_soon = suggest_next_session(
        course_start=START,
        plan=plan,
        last_session=START,
        sessions_done=1,
        stress=0,
        tightness_returned=START + timedelta(days=1),
    )
    assert too_soon.on == START + timedelta(days=plan.min_gap_days)
    assert too_soon.limited_by is Limit.MIN_GAP


def test_it_offers_no_date_when_the_minimum_gap_runs_past_the_course_end() -> None:
    plan = CoursePlan()
    last = course_end(START, plan) - timedelta(days=1)
    suggestion = suggest_next_session(
        course_start=START, plan=plan, last_session=last, sessions_done=3, stress=5
    )
    assert suggestion.on is None
    assert "Extend the plan or end it" in suggestion.explanation


def test_it_refuses_tightness_reported_before_the_session_it_followed() -> None:
    with pytest.raises(ValueError, match="tightness"):
        suggest_next_session(
            course_start=START,
            plan=CoursePlan(),
            last_session=START + timedelta(days=14),
            sessions_done=2,
            stress=3,
            tightness_returned=START + timedelta(days=13),
        )


@st.composite
def situations(draw: st.DrawFn) -> dict[str, Any]:
    weeks = draw(st.integers(1, 12))
    gap = draw(st.integers(1, 7))
    sessions = draw(st.integers(2, weeks * 7 // gap + 1))
    plan = CoursePlan(sessions, weeks, draw(st.integers(1, sessions)), gap)
    last = START + timedelta(days=draw(st.integers(0, plan.span_days)))
    returned = draw(st.none() | st.integers(0, 30).map(lambda d: last + timedelta(days=d)))
    not_before = draw(st.none() | st.integers(-5, 40).map(lambda d: last + timedelta(days=d)))
    return {
        "course_start": START,
        "plan": plan,
        "last_session": last,
        "sessions_done": draw(st.integers(1, sessions - 1)),
        "stress": draw(st.none() | stress_ratings),
        "tightness_returned": returned,
        "not_before": not_before,
        "rule": draw(rules()),
    }


@given(situation=situations())
def test_it_keeps_every_suggestion_inside_the_course_and_after_the_minimum_gap(
    situation: dict[str, Any],
) -> None:
    suggestion = suggest_next_session(**situation)
    plan: CoursePlan = situation["plan"]
    if suggestion.on is None:
        assert suggestion.earliest > course_end(START, plan)
        return
    assert suggestion.on <= course_end(START, plan)
    assert suggestion.on >= situation["last_session"] + timedelta(days=plan.min_gap_days)
    if situation["not_before"] is not None:
        assert suggestion.on >= situation["not_before"]
    if suggestion.limited_by is None:
        assert suggestion.on == suggestion.aim
    still_after = plan.sessions - situation["sessions_done"] - 1
    room = course_end(START, plan) - timedelta(days=still_after * plan.min_gap_days)
    if room >= suggestion.earliest:
        # While the remaining sessions can still fit at the minimum gap, leave room for them.
        assert suggestion.on <= room


@given(situation=situations(), low=stress_ratings, high=stress_ratings)
def test_it_never_suggests_a_later_date_for_a_more_stressed_patient(
    situation: dict[str, Any], low: int, high: int
) -> None:
    low, high = sorted((low, high))
    situation["tightness_returned"] = None
    calm = suggest_next_session(**{**situation, "stress": low})
    stressed = suggest_next_session(**{**situation, "stress": high})
    if calm.on is not None and stressed.on is not None:
        assert stressed.on <= calm.on
