"""Taps made while the phone was offline keep the time they were made, not their arrival."""

from __future__ import annotations

import json
import time

import pytest

from tests.live.conftest import phone, receive, receive_type, run

pytestmark = pytest.mark.django_db(transaction=True)

# The phone's clock runs 90 s behind the server's.
BEHIND_MS = 90_000


def tap(seq: int, value: int, sent_at: int) -> str:
    return json.dumps({"type": "discomfort", "seq": seq, "sent_at": sent_at, "value": value})


def test_taps_sent_late_keep_the_moments_they_were_made(personas, live, token) -> None:
    async def scenario() -> dict[str, object]:
        device = phone(token)
        await device.connect()
        await receive(device)
        phone_now = int(time.time() * 1000) - BEHIND_MS
        await device.send_to(json.dumps({"type": "ping", "at": phone_now}))
        pong = await receive_type(device, "pong")
        # Two taps made 20 s and 8 s ago while offline, arriving together now.
        await device.send_to(tap(1, 5, phone_now - 20_000))
        await device.send_to(tap(2, 7, phone_now - 8_000))
        await receive_type(device, "ack")
        await receive_type(device, "ack")
        await device.disconnect()
        return pong

    run(scenario)
    first, second = live.events.order_by("seq")
    assert second.at != first.at
    apart = (second.at - first.at).total_seconds()
    assert 11.5 <= apart <= 12.5, "the 12 s between the taps is kept"
    late = time.time() - first.at.timestamp()
    assert 19 <= late <= 25, "the first tap is timed when it was made, 20 s ago"
