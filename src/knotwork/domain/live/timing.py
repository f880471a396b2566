"""When a tap was made, on the server's clock, so taps sent late (the phone was offline) keep
the time they were made instead of sharing the moment they arrived.

The phone stamps every event with its own clock (`sent_at`, ms) and, with each heartbeat, says
what its clock reads (`{"type": "ping", "at": ms}`). The server learns the offset between the
two clocks (server minus phone) from the heartbeats: the smallest difference seen is the one
with the least network delay in it. A tap is then placed at `sent_at + offset`, never after it
arrived and never before the event before it (events stay in their order).

Interface:
    learn_offset(offset_ms, phone_ms, received_ms) -> int
    tap_moment(*, sent_at_ms, received_ms, offset_ms, floor_ms) -> int
"""


def learn_offset(offset_ms: int | None, phone_ms: int, received_ms: int) -> int:
    """The best offset so far: the smallest (server - phone) difference seen."""
    seen = received_ms - phone_ms
    return seen if offset_ms is None else min(offset_ms, seen)


def tap_moment(
    *, sent_at_ms: int, received_ms: int, offset_ms: int | None, floor_ms: int | None
) -> int:
    """The tap's time on the server's clock: its phone time corrected by the offset, between
    the previous event (`floor_ms`) and its arrival; its arrival when the offset is unknown."""
    moment = received_ms if offset_ms is None else min(received_ms, sent_at_ms + offset_ms)
    if floor_ms is not None:
        moment = max(moment, floor_ms)
    return moment
