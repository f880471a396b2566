"""Live feedback messages: the phone's and the therapist's vocabulary, parsed strictly."""

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knotwork.domain.live import (
    InvalidMessage,
    PhoneKind,
    TherapistKind,
    parse_phone_message,
    parse_therapist_message,
)
from knotwork.domain.live.outbound import error

SENT_AT = 1_767_225_600_123


def phone(**fields: Any) -> str:
    return json.dumps({"seq": 1, "sent_at": SENT_AT, **fields})


def test_it_reads_a_discomfort_rating_with_its_sequence_number_and_phone_time() -> None:
    event = parse_phone_message(phone(type="discomfort", value=6))
    assert (event.kind, event.value, event.seq, event.sent_at_ms) == (
        PhoneKind.DISCOMFORT,
        6,
        1,
        SENT_AT,
    )


@pytest.mark.parametrize("kind", ["more", "less", "good", "stop"])
def test_it_reads_every_button_of_the_phone(kind: str) -> None:
    event = parse_phone_message(phone(type=kind).encode())
    assert event.kind == kind
    assert event.value is None


@pytest.mark.parametrize(
    ("raw", "field", "words"),
    [
        (phone(type="discomfort", value=11), "value", "0-10"),
        (phone(type="discomfort", value=-1), "value", "0-10"),
        (phone(type="discomfort", value=6.5), "value", "whole number"),
        (phone(type="discomfort", value=True), "value", "whole number"),
        (phone(type="discomfort", value="6"), "value", "whole number"),
        (phone(type="discomfort"), "value", "missing"),
        (phone(type="stop", value=3), "value", "unexpected"),
        (phone(type="stop", extra=1), "extra", "unexpected"),
        (phone(type="louder"), "type", "unknown type"),
        (phone(type=["stop"]), "type", "unknown type"),
        (json.dumps({"type": "stop", "seq": 0, "sent_at": 1}), "seq", "from 1"),
        (json.dumps({"type": "stop", "seq": "1", "sent_at": 1}), "seq", "from 1"),
        (json.dumps({"type": "stop", "seq": 1}), "sent_at", "missing"),
        (phone(type="stop", sent_at=-5), "sent_at", "milliseconds"),
        (phone(type="stop", sent_at=2**60), "sent_at", "milliseconds"),
    ],
)
def test_it_refuses_a_bad_phone_message_naming_the_field(raw: str, field: str, words: str) -> None:
    with pytest.raises(InvalidMessage, match=words) as refused:
        parse_phone_message(raw)
    assert refused.value.field == field


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("stop", "not valid JSON"),
        ("[1, 2]", "JSON object"),
        ('{"type": "discomfort", "seq": 1, "sent_at": 1, "value": NaN}', "NaN"),
        ("{" + " " * 600 + "}", "longer than"),
        (b"\xff\xfe", "not valid JSON"),
    ],
)
def test_it_refuses_what_is_not_a_message_at_all(raw: str | bytes, words: str) -> None:
    with pytest.raises(InvalidMessage, match=words):
        parse_phone_message(raw)


def test_it_tells_the_phone_which_of_its_messages_was_refused() -> None:
    with pytest.raises(InvalidMessage) as refused:
        parse_phone_message(json.dumps({"type": "discomfort", "seq": 9, "sent_at": 1, "value": 12}))
    reply = error(refused.value)
    assert reply["type"] == "error"
    assert reply["seq"] == 9
    assert "0-10" in reply["reason"]


json_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=8),
    st.sampled_from(["discomfort", "stop", "more", "next_trigger_point", "release_felt"]),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
)


@given(
    message=st.dictionaries(
        st.sampled_from(["type", "seq", "sent_at", "value", "trigger_point", "x"]), json_values
    )
)
def test_it_answers_any_json_object_with_an_event_or_a_reason_never_a_crash(
    message: dict[str, Any],
) -> None:
    raw = json.dumps(message)
    for parse in (parse_phone_message, parse_therapist_message):
        try:
            parse(raw)
        except InvalidMessage as refused:
            assert refused.reason


def test_it_reads_the_therapists_commands() -> None:
    moved = parse_therapist_message('{"type": "next_trigger_point", "trigger_point": "ut_1"}')
    assert (moved.kind, moved.trigger_point) == (TherapistKind.NEXT_TRIGGER_POINT, "ut_1")
    assert parse_therapist_message('{"type": "release_felt"}').kind is TherapistKind.RELEASE_FELT


@pytest.mark.parametrize(
    "raw",
    [
        '{"type": "next_trigger_point"}',
        '{"type": "next_trigger_point", "trigger_point": "Upper Trap!"}',
        '{"type": "release_felt", "trigger_point": "ut_1"}',
        '{"type": "discomfort", "value": 5}',
    ],
)
def test_it_refuses_a_malformed_therapist_command(raw: str) -> None:
    with pytest.raises(InvalidMessage):
        parse_therapist_message(raw)
