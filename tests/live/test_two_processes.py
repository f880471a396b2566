"""Across two server processes sharing Redis: the phone on one, the therapist's screen on the other.

Runs in CI (Redis at 127.0.0.1:6379, as .ci/run provides); both `knotwork web` processes share
one SQLite file in a temporary data directory, which is all this test needs.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path
from typing import Any

import websockets
from websockets.typing import Origin

from benchmarks.live_feedback import prepare, server_env, servers, ws_url

# Database 12: away from the benchmark's (14) and from anything using the default (0).
REDIS_URL = "redis://127.0.0.1:6379/12"


async def next_of(socket: Any, kind: str) -> dict[str, Any]:
    while True:
        message: dict[str, Any] = json.loads(await asyncio.wait_for(socket.recv(), timeout=10))
        if message["type"] == kind:
            return message


async def scenario(
    phone_url: str, screen_url: str, fixture: dict[str, Any]
) -> list[dict[str, Any]]:
    session = fixture["sessions"][0]
    async with (
        websockets.connect(
            ws_url(screen_url, f"/ws/live/screen/{session['live_id']}/"),
            origin=Origin(screen_url),
            additional_headers={"Cookie": fixture["cookie"]},
        ) as screen,
        websockets.connect(
            ws_url(phone_url, f"/ws/live/phone/{session['token']}/?device=two-process-phone-01"),
            origin=Origin(phone_url),
        ) as phone,
    ):
        await next_of(screen, "state")
        await next_of(phone, "ack")
        await phone.send(json.dumps({"type": "discomfort", "seq": 1, "sent_at": 1, "value": 6}))
        await phone.send(json.dumps({"type": "stop", "seq": 2, "sent_at": 2}))
        shown = [await next_of(screen, "patient"), await next_of(screen, "patient")]
        acks = [await next_of(phone, "ack"), await next_of(phone, "ack")]
        assert [a["upto"] for a in acks] == [1, 2]
    return shown


def test_it_delivers_from_a_phone_on_one_process_to_a_screen_on_another(tmp_path: Path) -> None:
    env = server_env(tmp_path, REDIS_URL)
    fixture = prepare(tmp_path, 1, env)
    with servers(tmp_path, 2, env) as (first, second):
        shown = asyncio.run(scenario(first, second, fixture))
    assert [(m["kind"], m["value"], m["stop"]) for m in shown] == [
        ("discomfort", 6, False),
        ("stop", None, True),
    ]
    with sqlite3.connect(tmp_path / "knotwork.sqlite3") as db:
        stored = db.execute("SELECT seq, kind FROM live_liveevent ORDER BY seq").fetchall()
    assert stored == [(1, "discomfort"), (2, "stop")]
