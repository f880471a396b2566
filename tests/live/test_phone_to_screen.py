"""The phone's events reach the therapist's screen at once and are stored in order, once."""

from __future__ import annotations

from typing import Any

import pytest

from tests.live.conftest import event, phone, receive, receive_type, run, screen

pytestmark = pytest.mark.django_db(transaction=True)


def stored(live) -> list[tuple[str, int | None, int | None]]:
    return [(e.kind, e.value, e.seq) for e in live.events.order_by("at", "id")]


def test_it_shows_the_therapist_discomfort_and_stop_and_acknowledges_after_writing(
    personas, live, token
) -> None:
    therapist = screen(live.pk, personas.therapist_a)

    async def scenario() -> tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]]]:
        await therapist.connect()
        state = await receive_type(therapist, "state")
        assert state["window"] == [5, 7]
        device = phone(token)
        await device.connect()
        welcome = await receive(device)
        assert welcome["type"] == "ack" and welcome["upto"] == 0
        await device.send_to(event("discomfort", 1, 6))
        await device.send_to(event("stop", 2))
        six = await receive_type(therapist, "patient")
        stop = await receive_type(therapist, "patient")
        acks = [await receive_type(device, "ack"), await receive_type(device, "ack")]
        await device.disconnect()
        await therapist.disconnect()
        return six, stop, acks

    six, stop, acks = run(scenario)
    assert (six["value"], six["zone"], six["stop"]) == (6, "in_window", False)
    assert (stop["kind"], stop["stop"]) == ("stop", True)
    assert [a["upto"] for a in acks] == [1, 2]
    assert stored(live) == [("discomfort", 6, 1), ("stop", None, 2)]


def test_it_tells_the_screen_at_once_when_the_phone_leaves(personas, live, token) -> None:
    therapist = screen(live.pk, personas.therapist_a)

    async def scenario() -> dict[str, Any]:
        await therapist.connect()
        device = phone(token)
        await device.connect()
        assert (await receive_type(therapist, "presence"))["phone"] == "connected"
        await device.disconnect()
        left = await receive_type(therapist, "presence")
        await therapist.disconnect()
        return left

    assert run(scenario)["phone"] == "disconnected"


def test_it_files_phone_events_under_the_trigger_point_being_worked(personas, live, token) -> None:
    from knotwork.live.services import summary_of

    therapist = screen(live.pk, personas.therapist_a)

    async def scenario() -> None:
        await therapist.connect()
        device = phone(token)
        await device.connect()
        await receive(device)
        await therapist.send_json_to(
            {"type": "next_trigger_point", "trigger_point": "trapezius__upper_fibres"}
        )
        await receive_type(therapist, "therapist")
        for seq, value in enumerate((4, 6, 7), start=1):
            await device.send_to(event("discomfort", seq, value))
            await receive_type(device, "ack")
        await therapist.send_json_to({"type": "release_felt"})
        await receive_type(therapist, "therapist")
        await therapist.send_json_to({"type": "end"})
        await receive_type(therapist, "ended")
        await device.disconnect()
        await therapist.disconnect()

    run(scenario)
    live.refresh_from_db()
    assert live.ended_at is not None
    assert [e.trigger_point for e in live.events.filter(kind="discomfort")] == [
        "trapezius__upper_fibres"
    ] * 3
    (trace,) = live.summary
    assert trace == summary_of(live)[0]
    assert trace["trigger_point"] == "trapezius__upper_fibres"
    assert (trace["peak_discomfort"], trace["final_discomfort"]) == (7, 7)
    assert trace["release_felt"] is True
    assert [v for _, v in trace["discomfort"]] == [4, 6, 7]


def test_a_reloaded_therapist_screen_gets_the_events_so_far_from_the_record(
    personas, live, token
) -> None:
    therapist = screen(live.pk, personas.therapist_a)

    async def scenario() -> dict[str, Any]:
        device = phone(token)
        await device.connect()
        await receive(device)
        await device.send_to(event("discomfort", 1, 6))
        await device.send_to(event("stop", 2))
        await receive_type(device, "ack")
        await receive_type(device, "ack")
        await device.disconnect()
        # The screen opened (or reloaded) after the taps: it sees them from the record.
        await therapist.connect()
        state = await receive_type(therapist, "state")
        await therapist.disconnect()
        return state

    state = run(scenario)
    assert [(e["text"], e["seq"]) for e in state["events"]] == [("discomfort 6", 1), ("STOP", 2)]
