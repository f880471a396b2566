"""Post-session soreness: when a check-in alerts the therapist (reference E.2, issue 6)."""

from datetime import UTC, datetime, timedelta

import pytest

from knotwork.domain.protocol import (
    AftercareSymptom,
    CheckInAnswer,
    SorenessAssessment,
    assess_soreness,
    check_in_window,
)

SESSION_END = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)
WINDOW = check_in_window(SESSION_END)


def at(hours: float, soreness: int, symptoms: frozenset[str] = frozenset()) -> CheckInAnswer:
    return CheckInAnswer(SESSION_END + timedelta(hours=hours), soreness, 3, symptoms)


def assess(
    answers: list[CheckInAnswer], pre_pain: int | None = 5, now_hours: float = 40
) -> SorenessAssessment:
    return assess_soreness(WINDOW, answers, pre_pain, SESSION_END + timedelta(hours=now_hours))


def test_it_accepts_soreness_that_fades_below_pre_session_pain_by_36_hours() -> None:
    result = assess([at(24, 6), at(37, 3)])
    assert not result.alert
    # Soreness above the pre-session pain at 24 h still advises easing the next session (E.2).
    assert result.ease_next_session


def test_it_alerts_when_soreness_at_36_hours_is_still_at_pre_session_pain() -> None:
    result = assess([at(37, 5)])
    assert result.alert
    assert "not fading by 36 h" in result.reasons[0]


def test_it_alerts_when_soreness_rises_between_answers() -> None:
    result = assess([at(24, 2), at(37, 4)])
    assert result.alert
    assert any("rising" in reason for reason in result.reasons)


def test_it_does_not_alert_on_high_soreness_before_36_hours_alone() -> None:
    assert not assess([at(25, 7)], now_hours=30).alert


def test_it_alerts_when_high_early_soreness_is_never_confirmed_to_fade() -> None:
    assert not assess([at(25, 7)], now_hours=60).alert
    assert assess([at(25, 7)], now_hours=72).alert


def test_it_never_alerts_on_zero_soreness_for_a_patient_without_pain() -> None:
    result = assess([at(37, 0)], pre_pain=0)
    assert not result.alert
    assert not result.ease_next_session


def test_it_alerts_at_once_on_a_stop_and_refer_symptom() -> None:
    result = assess([at(25, 1, frozenset({AftercareSymptom.NEW_NUMBNESS}))], now_hours=25)
    assert result.alert
    assert "new numbness" in result.reasons[0]


def test_it_refuses_a_symptom_it_does_not_know() -> None:
    with pytest.raises(ValueError, match="headache"):
        assess([at(25, 1, frozenset({"headache"}))])
