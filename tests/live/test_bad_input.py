"""Bad messages, foreign or expired tokens and a second phone are refused with a reason."""

from __future__ import annotations

import json
from typing import Any
from unittest import mock

import pytest

from tests.live.conftest import OTHER_DEVICE, event, phone, receive, receive_type, run, screen

pytestmark = pytest.mark.django_db(transaction=True)

BAD = [
    ("not json", "not valid JSON"),
    (json.dumps({"type": "discomfort", "seq": 1, "sent_at": 1, "value": 11}), "0-10"),
    (json.dumps({"type": "discomfort", "seq": 1, "sent_at": 1, "value": True}), "0-10"),
    (json.dumps({"type": "discomfort", "seq": 1, "sent_at": 1, "value": 5.5}), "0-10"),
    (json.dumps({"type": "louder", "seq": 1, "sent_at": 1}), "unknown type"),
    (json.dumps({"type": "stop", "seq": 0, "sent_at": 1}), "seq"),
    (json.dumps({"type": "stop", "seq": 1, "sent_at": 1, "extra": 1}), "unexpected"),
    (json.dumps({"type": "stop", "seq": 5000, "sent_at": 1}), "ahead"),
]


@pytest.mark.parametrize(("raw", "reason"), BAD)
def test_it_refuses_a_bad_phone_message_with_a_reason_and_stores_nothing(
    live, token, raw: str, reason: str
) -> None:
    async def scenario() -> tuple[dict[str, Any], dict[str, Any]]:
        device = phone(token)
        await device.connect()
        await receive(device)
        await device.send_to(raw)
        refused = await receive(device)
        # The connection stays usable: the next good event goes through as seq 1.
        await device.send_to(event("discomfort", 1, 6))
        ack = await receive_type(device, "ack")
        await device.disconnect()
        return refused, ack

    refused, ack = run(scenario)
    assert refused["type"] == "error" and reason in refused["reason"]
    assert ack["upto"] == 1
    assert list(live.events.values_list("seq", "value")) == [(1, 6)]


def test_it_refuses_a_bad_therapist_command_with_a_reason(personas, live) -> None:
    therapist = screen(live.pk, personas.therapist_a)

    async def scenario() -> dict[str, Any]:
        await therapist.connect()
        await receive_type(therapist, "state")
        await therapist.send_json_to({"type": "next_trigger_point", "trigger_point": "Bad Id!"})
        refused = await receive_type(therapist, "error")
        await therapist.disconnect()
        return refused

    assert run(scenario)["field"] == "trigger_point"
    assert live.events.count() == 0


def refusal(token: str, device: str = "phone-device-aaaaaaaaaaaa") -> tuple[dict[str, Any], int]:
    async def scenario() -> tuple[dict[str, Any], int]:
        device_socket = phone(token, device)
        await device_socket.connect()
        refused = await receive(device_socket)
        closed = await device_socket.receive_output(3)
        code: int = closed["code"]
        return refused, code

    return run(scenario)


def test_it_refuses_a_forged_token(live, token) -> None:
    refused, code = refusal(token[:-3] + "abc")
    assert (refused["type"], code) == ("refused", 4401)
    assert "not valid" in refused["reason"]


def test_it_refuses_a_token_of_another_patient(personas, live) -> None:
    from knotwork.live.tokens import make_join_token

    _, code = refusal(make_join_token(live.pk, personas.other_patient.pk))
    assert code == 4401


def test_it_refuses_a_stale_join_token_before_any_phone_joined(live) -> None:
    from knotwork.live.tokens import make_join_token

    with mock.patch("django.core.signing.time.time", return_value=1_000_000_000):
        old = make_join_token(live.pk, live.patient_id)
    refused, code = refusal(old)
    assert code == 4410 and "expired" in refused["reason"]


def test_it_refuses_the_token_once_the_session_has_ended(personas, live, token) -> None:
    from knotwork.live.services import end_live_session

    end_live_session(actor=personas.therapist_a, live=live)
    refused, code = refusal(token)
    assert code == 4410 and "ended" in refused["reason"]


def test_it_refuses_a_second_phone_and_keeps_the_first(live, token) -> None:
    async def scenario() -> tuple[dict[str, Any], int, dict[str, Any]]:
        first = phone(token)
        await first.connect()
        await receive(first)
        second = phone(token, OTHER_DEVICE)
        await second.connect()
        refused = await receive(second)
        closed = await second.receive_output(3)
        await first.send_to(event("discomfort", 1, 5))
        ack = await receive_type(first, "ack")
        await first.disconnect()
        code: int = closed["code"]
        return refused, code, ack

    refused, code, ack = run(scenario)
    assert code == 4409 and "Another phone" in refused["reason"]
    assert ack["upto"] == 1
    assert live.events.count() == 1


@pytest.mark.parametrize("who", ["therapist_b", "patient_user", "other_patient_user", None])
def test_it_refuses_the_screen_to_anyone_but_the_clinics_staff(personas, live, who) -> None:
    user = getattr(personas, who) if who else None

    therapist = screen(live.pk, user)

    async def scenario() -> tuple[dict[str, Any], int]:
        await therapist.connect()
        refused = await receive(therapist)
        closed = await therapist.receive_output(3)
        code: int = closed["code"]
        return refused, code

    refused, code = run(scenario)
    assert (refused["type"], code) == ("refused", 4403)
