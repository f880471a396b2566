"""The session record of live feedback: per trigger point, the discomfort trace and the hold.

The consumer stores every event in order as a `LogEvent`, timed by the server's clock (one clock
for phone and therapist). The therapist's "next trigger point" starts a segment; the phone's
events belong to the segment open when they arrive. `summarise` turns the ordered log into one
`TriggerPointTrace` per segment; events before the first trigger point, or after "end", fall in
a segment whose `trigger_point` is None, so nothing is dropped.

Hold time is the proxy the log allows: from the segment's start to the first STOP in it (the
therapist releases at once), else to the next segment, "end", or the segment's last event.

Interface:
    LogEvent.from_phone(event, received_at) / LogEvent.from_therapist(command, at)
    summarise(events: Iterable[LogEvent]) -> tuple[TriggerPointTrace, ...]
    recent_discomfort(events, now, seconds=60) -> tuple[tuple[float, int], ...]
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from knotwork.domain.live.messages import PhoneEvent, TherapistCommand


class EventKind(StrEnum):
    """Every kind of event a live session's log holds (phone and therapist)."""

    DISCOMFORT = "discomfort"
    MORE = "more"
    LESS = "less"
    GOOD = "good"
    STOP = "stop"
    NEXT_TRIGGER_POINT = "next_trigger_point"
    RELEASE_FELT = "release_felt"
    END = "end"


@dataclass(frozen=True, slots=True)
class LogEvent:
    """One stored event: its kind, server time, and value / trigger point / phone seq if any."""

    kind: EventKind
    at: datetime
    value: int | None = None
    trigger_point: str | None = None
    seq: int | None = None

    @classmethod
    def from_phone(cls, event: PhoneEvent, received_at: datetime) -> "LogEvent":
        """The log entry of a phone event, timed when the server received it."""
        return cls(EventKind(event.kind), received_at, event.value, None, event.seq)

    @classmethod
    def from_therapist(cls, command: TherapistCommand, at: datetime) -> "LogEvent":
        """The log entry of a therapist command."""
        return cls(EventKind(command.kind), at, None, command.trigger_point)


@dataclass(frozen=True, slots=True)
class TriggerPointTrace:
    """What happened while one trigger point was worked: discomfort over time, hold, signals."""

    trigger_point: str | None
    started_at: datetime
    discomfort: tuple[tuple[float, int], ...]
    hold_seconds: float
    peak_discomfort: int | None
    final_discomfort: int | None
    stop_pressed: bool
    release_felt: bool
    more: int
    less: int
    good: int


@dataclass
class _Segment:
    trigger_point: str | None
    started_at: datetime
    events: list[LogEvent] = field(default_factory=list)
    ended_at: datetime | None = None


def _segments(events: Iterable[LogEvent]) -> list[_Segment]:
    segments: list[_Segment] = []
    current: _Segment | None = None
    for event in events:
        if event.kind is EventKind.NEXT_TRIGGER_POINT:
            if current is not None and current.ended_at is None:
                current.ended_at = event.at
            current = _Segment(event.trigger_point, event.at)
            segments.append(current)
            continue
        if event.kind is EventKind.END:
            if current is not None and current.ended_at is None:
                current.ended_at = event.at
            current = None
            continue
        if current is None:
            current = _Segment(None, event.at)
            segments.append(current)
        current.events.append(event)
    return segments


def _trace(segment: _Segment) -> TriggerPointTrace:
    start = segment.started_at
    kinds = [event.kind for event in segment.events]
    points = tuple(
        ((event.at - start).total_seconds(), event.value)
        for event in segment.events
        if event.kind is EventKind.DISCOMFORT and event.value is not None
    )
    stops = [event.at for event in segment.events if event.kind is EventKind.STOP]
    if stops:
        hold_end = stops[0]
    elif segment.ended_at is not None:
        hold_end = segment.ended_at
    else:
        hold_end = segment.events[-1].at if segment.events else start
    values = [value for _, value in points]
    return TriggerPointTrace(
        trigger_point=segment.trigger_point,
        started_at=start,
        discomfort=points,
        hold_seconds=max(0.0, (hold_end - start).total_seconds()),
        peak_discomfort=max(values) if values else None,
        final_discomfort=values[-1] if values else None,
        stop_pressed=bool(stops),
        release_felt=EventKind.RELEASE_FELT in kinds,
        more=kinds.count(EventKind.MORE),
        less=kinds.count(EventKind.LESS),
        good=kinds.count(EventKind.GOOD),
    )


def summarise(events: Iterable[LogEvent]) -> tuple[TriggerPointTrace, ...]:
    """One trace per trigger-point segment of the ordered log (see the module docstring)."""
    return tuple(_trace(segment) for segment in _segments(events))


def recent_discomfort(
    events: Sequence[LogEvent], now: datetime, seconds: float = 60.0
) -> tuple[tuple[float, int], ...]:
    """Discomfort ratings of the last `seconds` (the therapist's trend), as (seconds ago, value)."""
    return tuple(
        ((now - event.at).total_seconds(), event.value)
        for event in events
        if event.kind is EventKind.DISCOMFORT
        and event.value is not None
        and 0 <= (now - event.at).total_seconds() <= seconds
    )
