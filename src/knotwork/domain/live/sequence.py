"""Sequence numbers, acknowledgements and resending, so a reconnect loses and duplicates nothing.

The phone numbers its events 1, 2, 3 ... and keeps each in its `Outbox` until the server
acknowledges it; after a reconnect it resends everything still unacknowledged, in order. The
server keeps one `SequenceTracker` per live session (not per socket: it must outlive the
connection) and passes every event's seq through `accept`:

* new seq: record the event, acknowledge it;
* seq already seen: a resend of something recorded; drop it and acknowledge it again, so the
  phone stops resending;
* seq beyond the next expected one: record it (STOP must never wait) and report the missing
  seqs, which the phone still holds and will resend.

An ack is `{"type": "ack", "seq": s, "upto": u, "missing": [...]}` (see `outbound.ack`): `seq`
is the event just received; `upto` says every seq up to u is recorded.

Interface:
    SequenceTracker().accept(seq) -> Acceptance (with the next tracker)
    Outbox().add(payload) -> (Outbox, seq); .acked(seq, upto) -> Outbox; .pending -> payloads
"""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

# How far ahead of the last contiguous seq an event may arrive. A phone resends in order, so a
# real gap is a handful of events; a seq thousands ahead is a bug or an attack on our memory.
MAX_AHEAD = 1024


class Outcome(StrEnum):
    """What the server does with an event's sequence number."""

    NEW = "new"
    DUPLICATE = "duplicate"


class SequenceError(ValueError):
    """A sequence number the tracker refuses (below 1 or too far ahead)."""


@dataclass(frozen=True, slots=True)
class Acceptance:
    """The tracker's verdict on one seq and its state afterwards."""

    tracker: "SequenceTracker"
    seq: int
    outcome: Outcome
    upto: int
    missing: tuple[int, ...]

    @property
    def record(self) -> bool:
        """Whether the event is new and must be recorded and forwarded."""
        return self.outcome is Outcome.NEW


@dataclass(frozen=True, slots=True)
class SequenceTracker:
    """Seqs seen: all up to `upto`, plus the out-of-order ones above it in `ahead`."""

    upto: int = 0
    ahead: frozenset[int] = frozenset()

    def seen(self, seq: int) -> bool:
        """Whether this seq was already accepted."""
        return seq <= self.upto or seq in self.ahead

    def missing(self) -> tuple[int, ...]:
        """Seqs below the highest seen that have not arrived."""
        if not self.ahead:
            return ()
        return tuple(s for s in range(self.upto + 1, max(self.ahead)) if s not in self.ahead)

    def accept(self, seq: int) -> Acceptance:
        """Take one seq: new ones advance the state, duplicates leave it unchanged."""
        if seq < 1:
            raise SequenceError("seq starts at 1")
        if seq > self.upto + MAX_AHEAD:
            raise SequenceError(f"seq {seq} is more than {MAX_AHEAD} ahead of {self.upto}")
        if self.seen(seq):
            return Acceptance(self, seq, Outcome.DUPLICATE, self.upto, self.missing())
        upto, ahead = self.upto, set(self.ahead) | {seq}
        while upto + 1 in ahead:
            upto += 1
            ahead.discard(upto)
        tracker = SequenceTracker(upto, frozenset(ahead))
        return Acceptance(tracker, seq, Outcome.NEW, upto, tracker.missing())


@dataclass(frozen=True, slots=True)
class Outbox:
    """The phone's unacknowledged events, in seq order, and the next seq to use."""

    next_seq: int = 1
    unacked: tuple[tuple[int, Mapping[str, Any]], ...] = ()

    def add(self, payload: Mapping[str, Any]) -> tuple["Outbox", int]:
        """Number a new event and keep it until acknowledged."""
        seq = self.next_seq
        return Outbox(seq + 1, (*self.unacked, (seq, payload))), seq

    def acked(self, seq: int, upto: int = 0) -> "Outbox":
        """Forget the acknowledged event and every event up to `upto`."""
        kept = tuple(item for item in self.unacked if item[0] != seq and item[0] > upto)
        return Outbox(self.next_seq, kept)

    @property
    def pending(self) -> tuple[tuple[int, Mapping[str, Any]], ...]:
        """What to (re)send after connecting, oldest first."""
        return self.unacked
