"""Messages the server sends: acknowledgements and errors to the phone, events to the therapist.

Server -> phone:

    {"type": "ack", "seq": 7, "upto": 7, "missing": []}
    {"type": "error", "reason": "discomfort must be a whole number 0-10, got 11",
     "field": "value", "seq": 7}

Server -> therapist:

    {"type": "patient", "kind": "discomfort", "value": 6, "seq": 7, "sent_at": 1767225600123,
     "received_at": 1767225600130, "zone": "in_window", "stop": false, "trigger_point": "..."}
    {"type": "presence", "phone": "connected" | "disconnected"}

A STOP reaches the therapist as a `patient` message with `"stop": true`, so the screen can raise
it above everything else without parsing `kind`. All builders return JSON-ready dicts.

Interface:
    ack(acceptance) / error(invalid) -> dict              (to the phone)
    patient_event(event, received_at_ms, window, trigger_point) / presence(connected) -> dict
"""

from typing import Any

from knotwork.domain.live.messages import InvalidMessage, PhoneEvent, PhoneKind
from knotwork.domain.live.sequence import Acceptance
from knotwork.domain.live.targets import DiscomfortWindow


def ack(acceptance: Acceptance) -> dict[str, Any]:
    """Acknowledge one seq (new or duplicate) with everything recorded so far."""
    return {
        "type": "ack",
        "seq": acceptance.seq,
        "upto": acceptance.upto,
        "missing": list(acceptance.missing),
    }


def error(invalid: InvalidMessage) -> dict[str, Any]:
    """Tell the phone why its message was refused."""
    return {"type": "error", "reason": invalid.reason, "field": invalid.field, "seq": invalid.seq}


def patient_event(
    event: PhoneEvent,
    received_at_ms: int,
    window: DiscomfortWindow,
    trigger_point: str | None,
) -> dict[str, Any]:
    """What the therapist's screen receives for one new phone event."""
    return {
        "type": "patient",
        "kind": str(event.kind),
        "value": event.value,
        "seq": event.seq,
        "sent_at": event.sent_at_ms,
        "received_at": received_at_ms,
        "zone": str(window.zone(event.value)) if event.value is not None else None,
        "stop": event.kind is PhoneKind.STOP,
        "trigger_point": trigger_point,
    }


def presence(connected: bool) -> dict[str, Any]:
    """The phone joined or left; the screen shows 'patient disconnected'."""
    return {"type": "presence", "phone": "connected" if connected else "disconnected"}
