"""The live-feedback vocabulary the patient's phone and the therapist's screen send to the server.

Phone -> server, one JSON object per WebSocket text frame:

    {"type": "discomfort", "seq": 7, "sent_at": 1767225600123, "value": 6}
    {"type": "more" | "less" | "good" | "stop", "seq": 8, "sent_at": 1767225600456}

`discomfort` is the patient's 0-10 rating of discomfort under sustained pressure (reference E.1);
`more` / `less` ask for more or less pressure, `good` says the pressure is right, `stop` asks the
therapist to release at once. `seq` numbers the phone's events 1, 2, 3 ... for the whole live
session (not per connection: it survives reconnects); `sent_at` is the phone's clock in
milliseconds since the Unix epoch, kept for latency figures only (phone clocks drift, so records
order events by `seq` and time them by the server's clock).

Therapist -> server:

    {"type": "next_trigger_point", "trigger_point": "upper_trapezius_1"}
    {"type": "release_felt"}
    {"type": "end"}

Parsing is strict: unknown fields, wrong types, booleans for numbers, fractions, NaN and values
out of range are refused with `InvalidMessage`, whose `reason` can be sent back as is.

Interface:
    parse_phone_message(raw: str | bytes) -> PhoneEvent        (raises InvalidMessage)
    parse_therapist_message(raw: str | bytes) -> TherapistCommand  (raises InvalidMessage)
"""

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeGuard

DISCOMFORT_MIN = 0
DISCOMFORT_MAX = 10
# The largest integer a JavaScript number holds exactly; phones produce seq and sent_at in JS.
MAX_SAFE_INT = 2**53 - 1
# A feedback message is a few dozen bytes; anything much larger is not one of ours.
MAX_MESSAGE_BYTES = 512
TRIGGER_POINT_ID = re.compile(r"^[a-z0-9_]{1,100}$")


class PhoneKind(StrEnum):
    """What the patient pressed on the phone."""

    DISCOMFORT = "discomfort"
    MORE = "more"
    LESS = "less"
    GOOD = "good"
    STOP = "stop"


class TherapistKind(StrEnum):
    """What the therapist pressed on the live screen."""

    NEXT_TRIGGER_POINT = "next_trigger_point"
    RELEASE_FELT = "release_felt"
    END = "end"


@dataclass(frozen=True, slots=True)
class PhoneEvent:
    """One validated event from the patient's phone; `value` is set only for discomfort."""

    kind: PhoneKind
    seq: int
    sent_at_ms: int
    value: int | None = None


@dataclass(frozen=True, slots=True)
class TherapistCommand:
    """One validated command from the therapist's screen."""

    kind: TherapistKind
    trigger_point: str | None = None


# Not frozen: pytest and hypothesis attach notes to exceptions they see.
@dataclass
class InvalidMessage(ValueError):
    """A refused message: `reason` for the sender, the `field` at fault, `seq` if legible."""

    reason: str
    field: str = ""
    seq: int | None = None

    def __str__(self) -> str:
        return f"{self.field}: {self.reason}" if self.field else self.reason


def _is_int(value: object) -> TypeGuard[int]:
    # A boolean is an int in Python, but `true` is not a sequence number or a rating.
    return isinstance(value, int) and not isinstance(value, bool)


def _reject_constant(name: str) -> Any:
    raise InvalidMessage(f"{name} is not a number")


def _load_object(raw: str | bytes) -> Mapping[str, Any]:
    if len(raw) > MAX_MESSAGE_BYTES:
        raise InvalidMessage(f"message longer than {MAX_MESSAGE_BYTES} bytes")
    try:
        data = json.loads(raw, parse_constant=_reject_constant)
    except (ValueError, UnicodeDecodeError) as error:
        if isinstance(error, InvalidMessage):
            raise
        raise InvalidMessage("not valid JSON") from None
    if not isinstance(data, dict):
        raise InvalidMessage("a message must be a JSON object")
    return data


def _check_fields(data: Mapping[str, Any], allowed: set[str], seq: int | None = None) -> None:
    unexpected = sorted(set(data) - allowed)
    if unexpected:
        raise InvalidMessage(f"unexpected field(s) {', '.join(unexpected)}", unexpected[0], seq)
    missing = sorted(allowed - set(data))
    if missing:
        raise InvalidMessage(f"missing field(s) {', '.join(missing)}", missing[0], seq)


def parse_phone_message(raw: str | bytes) -> PhoneEvent:
    """Validate one phone message strictly; raise InvalidMessage naming what is wrong."""
    data = _load_object(raw)
    kind_text = data.get("type")
    # Checking the type first keeps an unhashable value (a list) from reaching the set lookup.
    if not isinstance(kind_text, str) or kind_text not in set(PhoneKind):
        raise InvalidMessage(f"unknown type {kind_text!r}", "type")
    kind = PhoneKind(kind_text)
    seq = data.get("seq")
    if not _is_int(seq) or not 1 <= seq <= MAX_SAFE_INT:
        raise InvalidMessage("seq must be a whole number from 1", "seq")
    allowed = {"type", "seq", "sent_at"} | ({"value"} if kind is PhoneKind.DISCOMFORT else set())
    _check_fields(data, allowed, seq)
    sent_at = data["sent_at"]
    if not _is_int(sent_at) or not 0 <= sent_at <= MAX_SAFE_INT:
        raise InvalidMessage("sent_at must be milliseconds since the epoch", "sent_at", seq)
    value = data.get("value")
    if kind is PhoneKind.DISCOMFORT and (
        not _is_int(value) or not DISCOMFORT_MIN <= value <= DISCOMFORT_MAX
    ):
        raise InvalidMessage(f"discomfort must be a whole number 0-10, got {value!r}", "value", seq)
    return PhoneEvent(kind, seq, sent_at, value)


def parse_therapist_message(raw: str | bytes) -> TherapistCommand:
    """Validate one therapist command strictly; raise InvalidMessage naming what is wrong."""
    data = _load_object(raw)
    kind_text = data.get("type")
    if not isinstance(kind_text, str) or kind_text not in set(TherapistKind):
        raise InvalidMessage(f"unknown type {kind_text!r}", "type")
    kind = TherapistKind(kind_text)
    if kind is TherapistKind.NEXT_TRIGGER_POINT:
        _check_fields(data, {"type", "trigger_point"})
        trigger_point = data["trigger_point"]
        if not isinstance(trigger_point, str) or not TRIGGER_POINT_ID.match(trigger_point):
            raise InvalidMessage("trigger_point must be a trigger-point id", "trigger_point")
        return TherapistCommand(kind, trigger_point)
    _check_fields(data, {"type"})
    return TherapistCommand(kind)
