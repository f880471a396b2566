"""The live-feedback record per trigger point: discomfort trace, hold, peak, final, stop."""

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from knotwork.domain.live import EventKind, LogEvent, recent_discomfort, summarise
from knotwork.domain.live.messages import parse_phone_message, parse_therapist_message

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def at(
    seconds: float, kind: EventKind, value: int | None = None, tp: str | None = None
) -> LogEvent:
    return LogEvent(kind, T0 + timedelta(seconds=seconds), value, tp)


SESSION = [
    at(0, EventKind.NEXT_TRIGGER_POINT, tp="upper_trapezius_1"),
    at(5, EventKind.DISCOMFORT, 4),
    at(12, EventKind.MORE),
    at(20, EventKind.DISCOMFORT, 7),
    at(50, EventKind.DISCOMFORT, 5),
    at(55, EventKind.RELEASE_FELT),
    at(70, EventKind.NEXT_TRIGGER_POINT, tp="levator_scapulae_1"),
    at(80, EventKind.DISCOMFORT, 8),
    at(84, EventKind.STOP),
    at(90, EventKind.DISCOMFORT, 3),
    at(95, EventKind.END),
]


def test_it_summarises_each_trigger_point_worked() -> None:
    first, second = summarise(SESSION)
    assert first.trigger_point == "upper_trapezius_1"
    assert first.discomfort == ((5.0, 4), (20.0, 7), (50.0, 5))
    assert (first.peak_discomfort, first.final_discomfort) == (7, 5)
    assert first.hold_seconds == 70.0
    assert first.release_felt and not first.stop_pressed
    assert first.more == 1
    assert second.trigger_point == "levator_scapulae_1"
    assert second.stop_pressed and not second.release_felt
    # A STOP means the pressure came off at once, so the hold ends there.
    assert second.hold_seconds == 14.0
    assert (second.peak_discomfort, second.final_discomfort) == (8, 3)


def test_it_keeps_events_that_came_before_any_trigger_point_was_chosen() -> None:
    (loose,) = summarise([at(0, EventKind.DISCOMFORT, 2), at(3, EventKind.GOOD)])
    assert loose.trigger_point is None
    assert loose.discomfort == ((0.0, 2),)
    assert loose.good == 1


def test_it_builds_log_entries_from_parsed_messages() -> None:
    tp = parse_therapist_message('{"type": "next_trigger_point", "trigger_point": "masseter_1"}')
    rating = parse_phone_message('{"type": "discomfort", "seq": 4, "sent_at": 1, "value": 6}')
    (trace,) = summarise(
        [LogEvent.from_therapist(tp, T0), LogEvent.from_phone(rating, T0 + timedelta(seconds=2))]
    )
    assert trace.trigger_point == "masseter_1"
    assert trace.discomfort == ((2.0, 6),)


def test_it_gives_the_therapist_the_last_minute_of_ratings_for_the_trend() -> None:
    recent = recent_discomfort(SESSION, now=T0 + timedelta(seconds=95))
    assert [value for _, value in recent] == [5, 8, 3]


kinds = st.sampled_from(list(EventKind))


@given(
    script=st.lists(
        st.tuples(kinds, st.integers(0, 10), st.sampled_from(["a", "b"]), st.integers(0, 30)),
        max_size=40,
    )
)
def test_it_places_every_rating_in_exactly_one_trace_with_peak_at_least_final(
    script: list[tuple[EventKind, int, str, int]],
) -> None:
    events, clock = [], 0
    for kind, value, tp, step in script:
        clock += step
        events.append(
            at(
                clock,
                kind,
                value if kind is EventKind.DISCOMFORT else None,
                tp if kind is EventKind.NEXT_TRIGGER_POINT else None,
            )
        )
    traces = summarise(events)
    ratings = [event.value for event in events if event.kind is EventKind.DISCOMFORT]
    assert [value for trace in traces for _, value in trace.discomfort] == ratings
    for trace in traces:
        assert trace.hold_seconds >= 0
        if trace.discomfort:
            assert trace.peak_discomfort is not None and trace.final_discomfort is not None
            assert trace.peak_discomfort >= trace.final_discomfort
    stops = sum(event.kind is EventKind.STOP for event in events)
    assert sum(trace.stop_pressed for trace in traces) <= stops
    assert any(trace.stop_pressed for trace in traces) is (stops > 0)
