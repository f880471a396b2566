"""A phone that drops and reconnects resends what was not acknowledged: nothing lost or doubled."""

from __future__ import annotations

from typing import Any

import pytest

from tests.live.conftest import event, phone, receive, receive_type, run, screen

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_stores_each_event_once_when_the_phone_resends_after_a_reconnect(
    personas, live, token
) -> None:
    async def scenario() -> tuple[dict[str, Any], list[dict[str, Any]]]:
        first = phone(token)
        await first.connect()
        await receive(first)
        await first.send_to(event("discomfort", 1, 5))
        await first.send_to(event("discomfort", 2, 6))
        await receive_type(first, "ack")
        await receive_type(first, "ack")
        # Seq 3 goes out as the connection drops: the phone never sees its ack.
        await first.send_to(event("discomfort", 3, 7))
        await first.disconnect()
        second = phone(token)
        await second.connect()
        welcome = await receive(second)
        # The phone resends everything it holds unacknowledged (3), then goes on with 4.
        for seq, value in ((3, 7), (4, 6)):
            await second.send_to(event("discomfort", seq, value))
        acks = [await receive_type(second, "ack") for _ in range(2)]
        await second.disconnect()
        return welcome, acks

    welcome, acks = run(scenario)
    assert welcome["upto"] == 3
    assert [a["upto"] for a in acks] == [3, 4]
    assert list(live.events.values_list("seq", "value")) == [(1, 5), (2, 6), (3, 7), (4, 6)]


def test_it_forwards_an_event_ahead_of_a_gap_and_names_the_missing_seqs(
    personas, live, token
) -> None:
    therapist = screen(live.pk, personas.therapist_a)

    async def scenario() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
        await therapist.connect()
        device = phone(token)
        await device.connect()
        await receive(device)
        await device.send_to(event("discomfort", 1, 5))
        await receive_type(device, "ack")
        await receive_type(therapist, "patient")
        await device.send_to(event("stop", 3))
        stop = await receive_type(therapist, "patient")
        gap = await receive_type(device, "ack")
        await device.send_to(event("discomfort", 2, 8))
        filled = await receive_type(device, "ack")
        await device.disconnect()
        await therapist.disconnect()
        return stop, gap, filled

    stop, gap, filled = run(scenario)
    assert stop["stop"] is True
    assert (gap["seq"], gap["upto"], gap["missing"]) == (3, 1, [2])
    assert (filled["upto"], filled["missing"]) == (3, [])
    assert list(live.events.order_by("seq").values_list("seq", flat=True)) == [1, 2, 3]


def test_it_acknowledges_a_resend_of_something_already_stored_without_storing_it_again(
    live, token
) -> None:
    async def scenario() -> dict[str, Any]:
        device = phone(token)
        await device.connect()
        await receive(device)
        await device.send_to(event("good", 1))
        await receive_type(device, "ack")
        await device.send_to(event("good", 1))
        again = await receive_type(device, "ack")
        await device.disconnect()
        return again

    again = run(scenario)
    assert (again["seq"], again["upto"]) == (1, 1)
    assert live.events.count() == 1
