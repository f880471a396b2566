"""Sequence numbers and acks: a flaky connection loses nothing and duplicates nothing."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knotwork.domain.live import Acceptance, Outbox, Outcome, SequenceError, SequenceTracker
from knotwork.domain.live.outbound import ack
from knotwork.domain.live.sequence import MAX_AHEAD


def test_it_acknowledges_events_in_order_and_advances() -> None:
    tracker = SequenceTracker()
    for seq in (1, 2, 3):
        accepted = tracker.accept(seq)
        assert accepted.record
        tracker = accepted.tracker
    assert tracker.upto == 3


def test_it_drops_a_resent_event_but_acknowledges_it_again() -> None:
    tracker = SequenceTracker().accept(1).tracker
    again = tracker.accept(1)
    assert again.outcome is Outcome.DUPLICATE
    assert not again.record
    assert again.tracker == tracker
    assert ack(again) == {"type": "ack", "seq": 1, "upto": 1, "missing": []}


def test_it_records_an_early_event_at_once_and_reports_the_gap_until_it_is_filled() -> None:
    tracker = SequenceTracker().accept(1).tracker
    stop_first = tracker.accept(4)
    assert stop_first.record
    assert stop_first.missing == (2, 3)
    assert stop_first.upto == 1
    filled = stop_first.tracker.accept(2).tracker.accept(3)
    assert filled.upto == 4
    assert filled.missing == ()


def test_it_drops_a_resent_event_that_first_arrived_out_of_order() -> None:
    early = SequenceTracker().accept(3)
    again = early.tracker.accept(3)
    assert again.outcome is Outcome.DUPLICATE
    assert again.missing == (1, 2)


@pytest.mark.parametrize("seq", [0, -3, MAX_AHEAD + 1])
def test_it_refuses_a_sequence_number_it_cannot_place(seq: int) -> None:
    with pytest.raises(SequenceError):
        SequenceTracker().accept(seq)


def test_it_keeps_unacknowledged_events_on_the_phone_for_resending_in_order() -> None:
    outbox = Outbox()
    for value in (4, 6, 7):
        outbox, _ = outbox.add({"type": "discomfort", "value": value})
    outbox = outbox.acked(2)
    assert [seq for seq, _ in outbox.pending] == [1, 3]
    assert outbox.acked(1, upto=3).pending == ()


steps = st.lists(
    st.tuples(
        st.sampled_from(["press", "deliver", "drop", "lose_ack", "reconnect"]), st.integers(0, 5)
    ),
    max_size=60,
)


@given(steps=steps)
def test_it_records_every_pressed_event_exactly_once_over_a_flaky_connection(
    steps: list[tuple[str, int]],
) -> None:
    outbox, tracker = Outbox(), SequenceTracker()
    in_flight: list[int] = []
    recorded: list[int] = []
    pressed = 0

    def deliver(seq: int) -> Acceptance:
        nonlocal tracker, outbox
        accepted = tracker.accept(seq)
        tracker = accepted.tracker
        if accepted.record:
            recorded.append(seq)
        return accepted

    for action, pick in steps:
        if action == "press":
            outbox, seq = outbox.add({"type": "good"})
            in_flight.append(seq)
            pressed += 1
        elif in_flight and action in ("deliver", "drop", "lose_ack"):
            seq = in_flight.pop(pick % len(in_flight))
            if action != "drop":
                accepted = deliver(seq)
                if action == "deliver":
                    outbox = outbox.acked(accepted.seq, accepted.upto)
        elif action == "reconnect":
            # Whatever was on the wire is gone; the phone resends all it still holds.
            in_flight = [seq for seq, _ in outbox.pending]
    # Finally the link holds: resend and deliver everything still pending.
    for seq, _ in outbox.pending:
        accepted = deliver(seq)
        outbox = outbox.acked(accepted.seq, accepted.upto)

    assert sorted(recorded) == list(range(1, pressed + 1))
    assert outbox.pending == ()
    assert tracker.upto == pressed
