"""Pure logic of live pressure feedback between the patient's phone and the therapist's screen.

No sockets here: the Channels consumers (app `live`) parse with `messages`, sequence with
`sequence`, answer with `outbound`, colour with `targets` and store `trace.LogEvent`s whose
`summarise` becomes part of the session record.

* `messages`: phone -> server (discomfort 0-10, more, less, good, stop; seq + sent_at) and
  therapist -> server (next_trigger_point, release_felt, end); strict parsing with reasons.
* `sequence`: `SequenceTracker` (server, one per live session) and `Outbox` (phone).
* `outbound`: ack / error to the phone; patient / presence to the therapist.
* `targets`: discomfort window 5-7 and hold guidance 30-90 s (reference E.1).
* `trace`: per-trigger-point discomfort trace, hold, peak and final discomfort, stop, release.
"""

from knotwork.domain.live.messages import (
    InvalidMessage,
    PhoneEvent,
    PhoneKind,
    TherapistCommand,
    TherapistKind,
    parse_phone_message,
    parse_therapist_message,
)
from knotwork.domain.live.sequence import (
    Acceptance,
    Outbox,
    Outcome,
    SequenceError,
    SequenceTracker,
)
from knotwork.domain.live.targets import (
    DISCOMFORT_WINDOW_PROVENANCE,
    HOLD_PROVENANCE,
    DiscomfortWindow,
    HoldGuidance,
    HoldPhase,
    Zone,
)
from knotwork.domain.live.trace import (
    EventKind,
    LogEvent,
    TriggerPointTrace,
    recent_discomfort,
    summarise,
)

__all__ = [
    "DISCOMFORT_WINDOW_PROVENANCE",
    "HOLD_PROVENANCE",
    "Acceptance",
    "DiscomfortWindow",
    "EventKind",
    "HoldGuidance",
    "HoldPhase",
    "InvalidMessage",
    "LogEvent",
    "Outbox",
    "Outcome",
    "PhoneEvent",
    "PhoneKind",
    "SequenceError",
    "SequenceTracker",
    "TherapistCommand",
    "TherapistKind",
    "TriggerPointTrace",
    "Zone",
    "parse_phone_message",
    "parse_therapist_message",
    "recent_discomfort",
    "summarise",
]
