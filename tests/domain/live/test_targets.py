"""Target discomfort window and hold-time guidance (reference E.1)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knotwork.domain.live import (
    DISCOMFORT_WINDOW_PROVENANCE,
    HOLD_PROVENANCE,
    DiscomfortWindow,
    HoldGuidance,
    HoldPhase,
    Zone,
)
from knotwork.domain.live.messages import parse_phone_message
from knotwork.domain.live.outbound import patient_event


def test_it_puts_five_to_seven_in_the_target_window_and_eight_above_it() -> None:
    window = DiscomfortWindow()
    assert [window.zone(value) for value in (4, 5, 7, 8)] == [
        Zone.BELOW,
        Zone.IN_WINDOW,
        Zone.IN_WINDOW,
        Zone.ABOVE,
    ]


def test_it_uses_a_clinics_own_window_when_configured() -> None:
    assert DiscomfortWindow(low=3, high=5).zone(6) is Zone.ABOVE


@pytest.mark.parametrize(("low", "high"), [(7, 5), (-1, 5), (5, 11)])
def test_it_refuses_a_window_outside_the_scale_or_upside_down(low: int, high: int) -> None:
    with pytest.raises(ValueError, match="window"):
        DiscomfortWindow(low, high)


@given(low=st.integers(0, 10), high=st.integers(0, 10), a=st.integers(0, 10), b=st.integers(0, 10))
def test_it_never_ranks_a_higher_rating_in_a_lower_zone(
    low: int, high: int, a: int, b: int
) -> None:
    window = DiscomfortWindow(*sorted((low, high)))
    order = [Zone.BELOW, Zone.IN_WINDOW, Zone.ABOVE]
    lesser, greater = sorted((a, b))
    assert order.index(window.zone(lesser)) <= order.index(window.zone(greater))


def test_it_keeps_the_uncertain_mark_on_the_window_and_cites_section_e() -> None:
    assert DISCOMFORT_WINDOW_PROVENANCE.uncertain
    assert DISCOMFORT_WINDOW_PROVENANCE.section == "E.1"
    assert "HOU-2002" in HOLD_PROVENANCE.sources


def test_it_guides_the_hold_between_thirty_and_ninety_seconds() -> None:
    guide = HoldGuidance()
    assert [guide.phase(s) for s in (29.9, 30, 90, 90.1)] == [
        HoldPhase.BUILDING,
        HoldPhase.IN_RANGE,
        HoldPhase.IN_RANGE,
        HoldPhase.PAST_RANGE,
    ]


def test_it_shows_the_therapist_a_stop_unmistakably_and_a_rating_with_its_zone() -> None:
    window = DiscomfortWindow()
    stop = parse_phone_message('{"type": "stop", "seq": 3, "sent_at": 10}')
    rating = parse_phone_message('{"type": "discomfort", "seq": 2, "sent_at": 9, "value": 8}')
    assert patient_event(stop, 12, window, "ut_1")["stop"] is True
    shown = patient_event(rating, 11, window, "ut_1")
    assert (shown["stop"], shown["zone"], shown["value"]) == (False, "above", 8)
