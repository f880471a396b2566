"""Live feedback latency: phone -> server -> therapist's screen, over real WebSockets on loopback.

    python benchmarks/live_feedback.py --sessions N --seconds S [--redis] [--json]

Starts its own servers (`knotwork web`) on a fresh SQLite data directory and free ports, creates
N synthetic live sessions (`knotwork manage live_fixture`), then runs N phone and N screen
clients in this process: each phone sends 5 events per second (and pings every 500 ms, as the
real page does); each screen records when every event arrives. Latency is measured on one clock
(this process). Without --redis: one server with the in-memory channel layer. With --redis:
two servers sharing Redis (127.0.0.1:6379, database 14), phones on one, screens on the other.

Prints p50/p95/p99 latency, events lost (sent but never shown on the screen), events never
acknowledged (acks follow the database write) and the rows stored. It asserts nothing: timing
belongs in benchmarks, never in tests.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import websockets
from websockets.typing import Origin

from knotwork.local_servers import free_port, healthy

RATE_PER_S = 5
PING_S = 0.5
DRAIN_S = 10.0
REDIS_URL = "redis://127.0.0.1:6379/14"


def server_env(data_dir: Path, redis_url: str | None) -> dict[str, str]:
    """The servers' environment: SQLite in the temp dir whatever DATABASE_URL says."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env["KNOTWORK_DATA_DIR"] = str(data_dir)
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def knotwork(*args: str, env: dict[str, str]) -> str:
    command = [sys.executable, "-m", "knotwork", *args]
    return subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout


def prepare(data_dir: Path, sessions: int, env: dict[str, str]) -> dict[str, Any]:
    """Migrate the fresh data directory and create the sessions; the fixture's JSON."""
    knotwork("migrate", "--data-dir", str(data_dir), env=env)
    out = knotwork(
        "manage", "--data-dir", str(data_dir), "live_fixture", "--sessions", str(sessions), env=env
    )
    fixture: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return fixture


@contextlib.contextmanager
def servers(data_dir: Path, count: int, env: dict[str, str]) -> Iterator[list[str]]:
    """`count` `knotwork web` processes on free ports, stopped (process group) on exit."""
    processes: list[subprocess.Popen[bytes]] = []
    urls: list[str] = []
    try:
        for number in range(count):
            port = free_port()
            log = (data_dir / f"web-{number}.log").open("wb")
            command = [sys.executable, "-m", "knotwork", "web", "--data-dir", str(data_dir)]
            processes.append(
                subprocess.Popen(
                    [*command, "--port", str(port)],
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
            urls.append(f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + 60
        for process, url in zip(processes, urls, strict=True):
            while not healthy(url):
                if process.poll() is not None or time.monotonic() > deadline:
                    logs = "\n".join(p.read_text() for p in data_dir.glob("web-*.log"))
                    raise RuntimeError(f"server {url} did not start:\n{logs}")
                time.sleep(0.05)
        yield urls
    finally:
        for process in processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGINT)
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@dataclass
class Tally:
    sent: dict[tuple[int, int], float] = field(default_factory=dict)
    shown: dict[tuple[int, int], float] = field(default_factory=dict)
    acked: dict[int, int] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)


def ws_url(http_url: str, path: str) -> str:
    return http_url.replace("http://", "ws://", 1) + path


async def screen_client(
    url: str, live_id: int, cookie: str, tally: Tally, ready: asyncio.Event, stop: asyncio.Event
) -> None:
    async with websockets.connect(
        ws_url(url, f"/ws/live/screen/{live_id}/"),
        origin=Origin(url),
        additional_headers={"Cookie": cookie},
        compression=None,
    ) as socket_:
        while not stop.is_set():
            try:
                raw = await asyncio.wait_for(socket_.recv(), timeout=0.5)
            except TimeoutError:
                continue
            now = time.perf_counter()
            message = json.loads(raw)
            if message["type"] == "patient":
                tally.shown.setdefault((live_id, message["seq"]), now)
            elif message["type"] == "state":
                # The screen has joined its group: the phone may start.
                ready.set()
            elif message["type"] == "refused":
                tally.refused.append(message["reason"])
                return


async def phone_client(
    url: str, live_id: int, token: str, seconds: float, tally: Tally, screen_ready: asyncio.Event
) -> None:
    await screen_ready.wait()
    device = f"bench-device-{live_id:08d}-{random.getrandbits(32):08x}"
    async with websockets.connect(
        ws_url(url, f"/ws/live/phone/{token}/?device={device}"),
        origin=Origin(url),
        compression=None,
    ) as socket_:
        welcome = json.loads(await socket_.recv())
        if welcome["type"] != "ack":
            tally.refused.append(welcome.get("reason", str(welcome)))
            return

        async def read_acks() -> None:
            async for raw in socket_:
                message = json.loads(raw)
                if message["type"] == "ack":
                    tally.acked[live_id] = max(tally.acked.get(live_id, 0), message["upto"])

        reader = asyncio.create_task(read_acks())
        # Phones start at random moments within one period, as real sessions would.
        await asyncio.sleep(random.random() / RATE_PER_S)
        start = time.perf_counter()
        seq = 0
        next_ping = start
        while time.perf_counter() - start < seconds:
            seq += 1
            kind = "stop" if seq % 50 == 0 else "discomfort"
            payload: dict[str, Any] = {"type": kind, "seq": seq, "sent_at": int(time.time() * 1000)}
            if kind == "discomfort":
                payload["value"] = seq % 11
            tally.sent[(live_id, seq)] = time.perf_counter()
            await socket_.send(json.dumps(payload))
            if time.perf_counter() >= next_ping:
                await socket_.send("ping")
                next_ping += PING_S
            await asyncio.sleep(max(0.0, start + seq / RATE_PER_S - time.perf_counter()))
        deadline = time.perf_counter() + DRAIN_S
        while tally.acked.get(live_id, 0) < seq and time.perf_counter() < deadline:
            await asyncio.sleep(0.05)
        reader.cancel()


async def drive(phone_url: str, screen_url: str, fixture: dict[str, Any], seconds: float) -> Tally:
    tally = Tally()
    stop = asyncio.Event()
    screens, phones = [], []
    for session in fixture["sessions"]:
        ready = asyncio.Event()
        screens.append(
            asyncio.create_task(
                screen_client(screen_url, session["live_id"], fixture["cookie"], tally, ready, stop)
            )
        )
        phones.append(
            asyncio.create_task(
                phone_client(phone_url, session["live_id"], session["token"], seconds, tally, ready)
            )
        )
    await asyncio.gather(*phones)
    # Give the screens time to see what the phones sent last.
    deadline = time.perf_counter() + DRAIN_S
    while len(tally.shown) < len(tally.sent) and time.perf_counter() < deadline:
        await asyncio.sleep(0.05)
    stop.set()
    await asyncio.gather(*screens, return_exceptions=True)
    return tally


def stored_rows(data_dir: Path) -> int:
    with contextlib.closing(sqlite3.connect(data_dir / "knotwork.sqlite3")) as db:
        return int(
            db.execute("SELECT COUNT(*) FROM live_liveevent WHERE seq IS NOT NULL").fetchone()[0]
        )


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure(sessions: int, seconds: float, redis: bool) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="knotwork-live-bench-") as temp:
        data_dir = Path(temp)
        env = server_env(data_dir, REDIS_URL if redis else None)
        if redis:
            # A clean Redis database: no groups left over from an earlier run.
            import redis as redis_client

            redis_client.Redis.from_url(REDIS_URL).flushdb()
        fixture = prepare(data_dir, sessions, env)
        with servers(data_dir, 2 if redis else 1, env) as urls:
            try:
                import uvloop

                runner = uvloop.run
            except ImportError:
                runner = asyncio.run
            tally = runner(drive(urls[0], urls[-1], fixture, seconds))
        latencies = [
            (tally.shown[key] - sent) * 1000
            for key, sent in tally.sent.items()
            if key in tally.shown
        ]
        return {
            "sessions": sessions,
            "seconds": seconds,
            "processes": 2 if redis else 1,
            "layer": "redis" if redis else "in-memory",
            "events": len(tally.sent),
            "p50_ms": round(percentile(latencies, 0.50), 2),
            "p95_ms": round(percentile(latencies, 0.95), 2),
            "p99_ms": round(percentile(latencies, 0.99), 2),
            "max_ms": round(max(latencies, default=float("nan")), 2),
            "mean_ms": round(statistics.fmean(latencies), 2) if latencies else None,
            "lost": len(tally.sent) - len(latencies),
            "unacked": len(tally.sent) - sum(tally.acked.values()),
            "stored": stored_rows(data_dir),
            "refused": len(tally.refused),
        }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--redis", action="store_true", help="two servers sharing Redis")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    result = measure(args.sessions, args.seconds, args.redis)
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:>10}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
