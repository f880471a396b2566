"""Aftercare check-ins: ask at 24 h, remind at 36 h, follow up, never twice, never after closing."""

from dataclasses import fields
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knotwork.domain.protocol import (
    CHECK_IN_PROVENANCE,
    CheckInAnswer,
    CheckInPolicy,
    CheckInWindow,
    NudgeKind,
    Origin,
    check_in_window,
    due_nudge,
)

SESSION_END = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)
WINDOW = check_in_window(SESSION_END)


def hours(count: float) -> datetime:
    return SESSION_END + timedelta(hours=count)


def run_worker(
    window: CheckInWindow,
    polls: list[datetime],
    answer: CheckInAnswer | None,
    pre_session_pain: int | None,
) -> list[tuple[datetime, NudgeKind]]:
    """Poll like the worker and its sweep do, sending whatever is due and remembering it."""
    sent: list[tuple[datetime, NudgeKind]] = []
    for now in sorted(polls):
        answers = [answer] if answer is not None and answer.answered_at <= now else []
        nudge = due_nudge(
            window,
            sent=[moment for moment, _ in sent],
            answers=answers,
            pre_session_pain=pre_session_pain,
            now=now,
        )
        if nudge is not None:
            sent.append((now, nudge.kind))
    return sent


def test_it_asks_at_24_hours_and_reminds_at_36_when_unanswered() -> None:
    sent = run_worker(WINDOW, [hours(h) for h in range(0, 80)], None, 5)
    assert sent == [(hours(24), NudgeKind.ASK), (hours(36), NudgeKind.REMIND)]


def test_it_sends_no_reminder_once_the_patient_has_answered_and_soreness_is_lower() -> None:
    answer = CheckInAnswer(hours(25), soreness=2, pain=3)
    sent = run_worker(WINDOW, [hours(h) for h in range(0, 80)], answer, 5)
    assert [kind for _, kind in sent] == [NudgeKind.ASK]


def test_it_follows_up_at_36_hours_when_soreness_was_not_below_pre_session_pain() -> None:
    answer = CheckInAnswer(hours(25), soreness=6, pain=5)
    sent = run_worker(WINDOW, [hours(h) for h in range(0, 80)], answer, 5)
    assert sent == [(hours(24), NudgeKind.ASK), (hours(36), NudgeKind.FOLLOW_UP)]


def test_it_does_not_send_two_messages_back_to_back_after_a_worker_outage() -> None:
    sent = run_worker(WINDOW, [hours(40), hours(40), hours(41)], None, 5)
    assert [kind for _, kind in sent] == [NudgeKind.ASK]


def test_it_sends_nothing_after_the_check_in_closes() -> None:
    assert run_worker(WINDOW, [hours(72), hours(90)], None, 5) == []


def test_it_refuses_a_policy_whose_reminder_does_not_follow_the_ask() -> None:
    with pytest.raises(ValueError, match="ask_after < remind_after"):
        CheckInPolicy(ask_after=timedelta(hours=36), remind_after=timedelta(hours=24))


def test_it_says_where_every_check_in_time_comes_from() -> None:
    assert set(CHECK_IN_PROVENANCE) == {field.name for field in fields(CheckInPolicy)}
    assert CHECK_IN_PROVENANCE["remind_after"].section == "E.2"
    assert CHECK_IN_PROVENANCE["close_after"].origin is Origin.PROJECT_DEFAULT


@st.composite
def policies(draw: st.DrawFn) -> CheckInPolicy:
    ask, remind, close = sorted(draw(st.sets(st.integers(0, 200), min_size=3, max_size=3)))
    return CheckInPolicy(timedelta(hours=ask), timedelta(hours=remind), timedelta(hours=close))


@given(
    policy=policies(),
    poll_minutes=st.lists(st.integers(0, 220 * 60), max_size=40),
    answer_minute=st.none() | st.integers(0, 220 * 60),
    soreness=st.integers(0, 10),
    pre_session_pain=st.none() | st.integers(0, 10),
)
def test_it_never_sends_more_than_two_nudges_and_each_inside_its_window(
    policy: CheckInPolicy,
    poll_minutes: list[int],
    answer_minute: int | None,
    soreness: int,
    pre_session_pain: int | None,
) -> None:
    window = check_in_window(SESSION_END, policy)
    polls = [SESSION_END + timedelta(minutes=minute) for minute in poll_minutes]
    answer = None
    if answer_minute is not None:
        answer = CheckInAnswer(SESSION_END + timedelta(minutes=answer_minute), soreness, 0)
    sent = run_worker(window, polls, answer, pre_session_pain)

    kinds = [kind for _, kind in sent]
    assert len(sent) <= 2
    assert len(set(kinds)) == len(kinds)
    assert all(window.ask_at <= moment < window.closes_at for moment, _ in sent)
    for moment, kind in sent:
        answered = answer is not None and answer.answered_at <= moment
        # Asking and reminding stop once answered; a follow-up exists only because of an answer.
        assert answered is (kind is NudgeKind.FOLLOW_UP)
        if kind is not NudgeKind.ASK:
            assert moment >= window.remind_at
    if NudgeKind.REMIND in kinds:
        assert kinds[0] is NudgeKind.ASK
        assert sent[0][0] < window.remind_at


@given(
    policy=policies(),
    early=st.integers(0, 999),
    late=st.integers(0, 999),
)
def test_it_reminds_an_unanswered_patient_whenever_the_worker_ran_in_both_windows(
    policy: CheckInPolicy, early: int, late: int
) -> None:
    window = check_in_window(SESSION_END, policy)
    # Whole thousandths of each window keep the poll strictly inside it, free of float rounding.
    polls = [
        window.ask_at + (window.remind_at - window.ask_at) // 1000 * early,
        window.remind_at + (window.closes_at - window.remind_at) // 1000 * late,
    ]
    assert [kind for _, kind in run_worker(window, polls, None, None)] == [
        NudgeKind.ASK,
        NudgeKind.REMIND,
    ]
