"""HTTP load: N logged-in therapists looping over a clinic's pages, against a real server.

    python benchmarks/http_load.py [--users 1 5 20] [--seconds 30]
                                   [--database-url URL --workers N] [--redis-url URL] [--json]

Starts its own server (`knotwork web`) on a free port: SQLite in a temporary data directory and
one process by default; with --database-url, PostgreSQL (a fresh database `knotwork_http_load_*`
created on that server and dropped at the end; the URL's own database is never touched) and
Redis with --workers processes. Seeds a realistic clinic (the demo clinic, 2,000 more patients,
20 pain maps and a course for each patient it visits), logs in one therapist per user, and for
each number of users runs the mix below with no think time for --seconds:

    dashboard, patient page, one of the patient page's lazy panels (as htmx asks for it),
    pain-map history, finder (trigger points), course, API read (a patient's pain maps),
    pain-map POST (API)

Prints per page p50/p95/p99 and bytes, requests/s, errors, peak PostgreSQL connections (polled
every 100 ms from pg_stat_activity), the configured pool, and the server's RSS (every process of
it) after a warm-up and at the end. In the same run it measures the floor: a bare Django view
with no middleware (benchmarks/floor_app.py) served by the same uvicorn with the same workers,
and prints each page's p50 as a ratio to the floor's; /healthz is measured beside the floor.
With --json the last line is one object for the largest number of users (with every level
under "levels"). It asserts nothing: timing belongs in benchmarks, never in tests.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from knotwork.local_servers import free_port, fresh_postgres, healthy, stop

BENCH_DIR = Path(__file__).resolve().parent
PATIENTS = 2000
VISITED = 20
MAPS_PER_VISITED = 20
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/13"
DEFAULT_POOL_SIZE = 8  # knotwork.settings' default for KNOTWORK_DB_POOL_SIZE
WARM_UP_S = 3.0
FLOOR_MAX_S = 10.0
MIX = (
    "dashboard",
    "patient_page",
    "patient_panel",
    "pain_map_history",
    "finder",
    "course",
    "api_read",
    "api_post",
)
MARKS = [
    {"region": "low_back_right", "intensity": 6},
    {"region": "buttock_upper_right", "intensity": 4},
    {"region": "neck_back_upper_right", "intensity": 3},
]
GIVEN = ["Ada", "Ben", "Chloe", "Dev", "Elif", "Femi", "Greta", "Hugo", "Ines", "Jonas", "Kira"]
FAMILY = ["Adler", "Brandt", "Costa", "Diallo", "Eriksen", "Fischer", "Garcia", "Horvat", "Ivanov"]


# --- the clinic ------------------------------------------------------------------------------


@dataclass
class Target:
    patient_id: int
    pain_map_id: int
    course_id: int | None


@dataclass
class Fixture:
    cookies: list[str]
    tokens: list[str]
    targets: list[Target]


def seed(users: int) -> Fixture:
    """The demo clinic, 2,000 more patients, the visited patients' maps and courses, N logins."""
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connections
    from django.middleware.csrf import _get_new_csrf_string
    from django.utils import timezone

    from knotwork.accounts.models import User
    from knotwork.clinics.models import Membership, Role
    from knotwork.courses.demo import ensure_screened_intake
    from knotwork.courses.models import Course
    from knotwork.courses.services import CourseError, start_course
    from knotwork.demo import seed_demo_clinic
    from knotwork.painmaps.models import DrawnVia
    from knotwork.painmaps.services import record_pain_map
    from knotwork.patients.models import Patient

    clinic = seed_demo_clinic()
    assert clinic is not None, "the benchmark's database must be fresh"
    rng = random.Random(14)
    Patient.objects.bulk_create(
        Patient(
            clinic=clinic,
            given_name=rng.choice(GIVEN),
            family_name=f"{rng.choice(FAMILY)}-{number}",
            email=f"patient{number}@example.com",
            phone=f"+44 7700 {number:06d}",
            history="Synthetic load-test patient.",
            is_demo=True,
        )
        for number in range(PATIENTS)
    )
    staff = []
    for number in range(users):
        user = User.objects.create_user(
            f"load-therapist-{number}@example.com", "load-test-password-1", display_name="Load"
        )
        Membership.objects.create(user=user, clinic=clinic, role=Role.THERAPIST)
        staff.append(user)
    visited = list(Patient.objects.filter(clinic=clinic).order_by("pk")[:VISITED])
    today = timezone.localdate()
    targets = []
    for patient in visited:
        have = patient.pain_maps.count()
        for number in range(have, MAPS_PER_VISITED):
            marks = [{**mark, "intensity": 1 + (number + i) % 9} for i, mark in enumerate(MARKS)]
            record_pain_map(actor=staff[0], patient=patient, marks=marks, via=DrawnVia.CLINIC)
        course = patient.courses.first()
        if course is None:
            ensure_screened_intake(actor=staff[0], patient=patient, on=today - timedelta(days=1))
            with contextlib.suppress(CourseError):
                course = start_course(actor=staff[0], patient=patient, start_date=today)
        latest = patient.pain_maps.first()
        assert latest is not None
        targets.append(Target(patient.pk, latest.pk, course.pk if course else None))
    assert Course.objects.exists(), "no course could be started"
    cookies, tokens = [], []
    for user in staff:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        token = _get_new_csrf_string()
        cookies.append(f"sessionid={store.session_key}; csrftoken={token}")
        tokens.append(token)
    connections.close_all()
    for connection in connections.all():
        close_pool = getattr(connection, "close_pool", None)
        if close_pool is not None:
            close_pool()
    return Fixture(cookies, tokens, targets)


# --- a small HTTP/1.1 keep-alive client (no dependency, cheap on a shared 2-core machine) -----


class Connection:
    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(Exception):
                await self.writer.wait_closed()
        self.reader = self.writer = None

    async def request(
        self, method: str, path: str, headers: dict[str, str], body: bytes = b""
    ) -> tuple[int, int]:
        """(status, body bytes) of one request; reconnects when the server closed."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        if body:
            lines.append(f"Content-Length: {len(body)}")
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split()[1])
        found = {}
        for line in header_lines:
            if ":" in line:
                name, value = line.split(":", 1)
                found[name.strip().lower()] = value.strip()
        size = 0
        if "content-length" in found:
            size = int(found["content-length"])
            await self.reader.readexactly(size)
        elif found.get("transfer-encoding", "").lower() == "chunked":
            while True:
                chunk = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                await self.reader.readexactly(chunk + 2)
                size += chunk
                if chunk == 0:
                    break
        if found.get("connection", "").lower() == "close":
            await self.close()
        return status, size


# --- the load ----------------------------------------------------------------------------------


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    sizes: dict[str, list[int]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    statuses: dict[str, dict[int, int]] = field(default_factory=dict)


Step = Callable[[Connection, random.Random], Awaitable[tuple[str, int, int, int]]]


def mix_steps(fixture: Fixture, user: int) -> list[Step]:
    """The user's loop: each step picks a visited patient and makes one request."""
    cookie, token = fixture.cookies[user], fixture.tokens[user]
    page = {"Cookie": cookie, "Accept": "text/html", "Accept-Encoding": "gzip, br"}
    api = {"Cookie": cookie, "Accept": "application/json", "Accept-Encoding": "gzip, br"}
    post = {**api, "Content-Type": "application/json", "X-CSRFToken": token}
    post_body = json.dumps({"marks": MARKS, "note": "load test"}).encode()
    with_course = [t for t in fixture.targets if t.course_id is not None]

    def get(name: str, path: Callable[[Target], str], headers: dict[str, str]) -> Step:
        async def step(conn: Connection, rng: random.Random) -> tuple[str, int, int, int]:
            pool = with_course if name == "course" else fixture.targets
            status, size = await conn.request("GET", path(rng.choice(pool)), headers)
            return name, status, size, 200

        return step

    from knotwork.patients.panels import STAFF_PANELS, Lazy

    # The page's heavier panels load after it (patients/panels.py): each visit here asks for
    # one of them, as the browser's htmx does after the page.
    slugs = [panel.slug for panel in STAFF_PANELS if isinstance(panel, Lazy)]
    fragment = {**page, "HX-Request": "true"}

    async def patient_panel(conn: Connection, rng: random.Random) -> tuple[str, int, int, int]:
        path = f"/patients/{rng.choice(fixture.targets).patient_id}/panels/{rng.choice(slugs)}/"
        status, size = await conn.request("GET", path, fragment)
        return "patient_panel", status, size, 200

    async def api_post(conn: Connection, rng: random.Random) -> tuple[str, int, int, int]:
        target = rng.choice(fixture.targets)
        path = f"/api/v1/patients/{target.patient_id}/pain-maps"
        status, size = await conn.request("POST", path, post, post_body)
        return "api_post", status, size, 201

    return [
        get("dashboard", lambda t: "/patients/", page),
        get("patient_page", lambda t: f"/patients/{t.patient_id}/", page),
        patient_panel,
        get("pain_map_history", lambda t: f"/patients/{t.patient_id}/pain-maps/", page),
        get("finder", lambda t: f"/pain-maps/{t.pain_map_id}/trigger-points/", page),
        get("course", lambda t: f"/courses/{t.course_id}/", page),
        get("api_read", lambda t: f"/api/v1/patients/{t.patient_id}/pain-maps", api),
        api_post,
    ]


def floor_steps(app_port: int) -> list[Step]:
    """The floor phase: the bare view on the floor server and /healthz on Knotwork's."""
    headers = {"Accept": "text/html", "Accept-Encoding": "gzip, br"}

    async def floor(conn: Connection, rng: random.Random) -> tuple[str, int, int, int]:
        status, size = await conn.request("GET", "/floor", headers)
        return "floor", status, size, 200

    async def health(conn: Connection, rng: random.Random) -> tuple[str, int, int, int]:
        status, size = await conn.request("GET", "/healthz", headers)
        return "healthz", status, size, 200

    return [floor, health]


async def run_users(
    users: int,
    seconds: float,
    steps_of: Callable[[int], list[Step]],
    ports: Callable[[Step], int],
) -> tuple[Tally, float]:
    tally = Tally()
    deadline = time.perf_counter() + seconds

    async def user_loop(user: int) -> None:
        rng = random.Random(user)
        steps = steps_of(user)
        conns: dict[int, Connection] = {}
        index = rng.randrange(len(steps))
        while time.perf_counter() < deadline:
            step = steps[index % len(steps)]
            index += 1
            port = ports(step)
            conn = conns.setdefault(port, Connection("127.0.0.1", port))
            started = time.perf_counter()
            try:
                name, status, size, expected = await step(conn, rng)
            except (OSError, asyncio.IncompleteReadError, ValueError) as error:
                await conn.close()
                tally.errors[type(error).__name__] = tally.errors.get(type(error).__name__, 0) + 1
                continue
            elapsed = (time.perf_counter() - started) * 1000
            tally.latencies.setdefault(name, []).append(elapsed)
            tally.sizes.setdefault(name, []).append(size)
            counts = tally.statuses.setdefault(name, {})
            counts[status] = counts.get(status, 0) + 1
            if status != expected:
                tally.errors[name] = tally.errors.get(name, 0) + 1
        for conn in conns.values():
            await conn.close()

    started = time.perf_counter()
    await asyncio.gather(*(user_loop(user) for user in range(users)))
    return tally, time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


# --- the servers and what they use -------------------------------------------------------------


def process_group_rss_mb(pgid: int) -> float:
    """Resident memory of every process in the server's process group (master and workers)."""
    total_kb = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) != pgid:
                continue
            status = (stat.parent / "status").read_text()
        except (OSError, IndexError, ValueError):
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total_kb += int(line.split()[1])
    return round(total_kb / 1024, 1)


class ConnectionWatch:
    """Polls pg_stat_activity every 100 ms for the connections to the benchmark's database."""

    def __init__(self, admin_url: str | None, database: str) -> None:
        self.admin_url, self.database = admin_url, database
        self.peak = 0
        self.last = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def __enter__(self) -> ConnectionWatch:
        if self.admin_url:
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def count(self) -> int:
        if not self.admin_url:
            return 0
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            row = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (self.database,)
            ).fetchone()
        return int(row[0]) if row else 0

    def reset(self) -> None:
        self.peak = 0

    def _poll(self) -> None:
        import psycopg

        assert self.admin_url is not None
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            while not self._stop.wait(0.1):
                row = conn.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (self.database,)
                ).fetchone()
                self.last = int(row[0]) if row else 0
                self.peak = max(self.peak, self.last)


@contextlib.contextmanager
def optional_postgres(url: str | None) -> Iterator[tuple[str | None, str | None, str]]:
    """A fresh database on the URL's server (see local_servers.fresh_postgres), or SQLite."""
    if url is None:
        yield None, None, ""
        return
    with fresh_postgres(url, "knotwork_http_load") as found:
        yield found


@contextlib.contextmanager
def server(command: list[str], env: dict[str, str], log: Path) -> Iterator[tuple[int, int]]:
    """(port, process group id) of a server started with `command` (+ --port), stopped after."""
    port = free_port()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*command, "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 90
        url = f"http://127.0.0.1:{port}"
        probe = "/floor" if "floor_app:application" in command else "/healthz"
        while not _answers(url + probe):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"server did not start:\n{log.read_text()}")
            time.sleep(0.1)
        yield port, process.pid
    finally:
        stop(process)


def _answers(url: str) -> bool:
    if url.endswith("/healthz"):
        return healthy(url.removesuffix("/healthz"))
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return bool(response.status == 200)
    except OSError:
        return False


# --- one run -------------------------------------------------------------------------------------


def summary(tally: Tally, elapsed: float, floor_p50: float | None) -> dict[str, Any]:
    pages: dict[str, Any] = {}
    for name in sorted(tally.latencies):
        values = tally.latencies[name]
        p50 = percentile(values, 0.50)
        pages[name] = {
            "requests": len(values),
            "p50_ms": round(p50, 1),
            "p95_ms": round(percentile(values, 0.95), 1),
            "p99_ms": round(percentile(values, 0.99), 1),
            "kb": round(statistics.fmean(tally.sizes[name]) / 1024, 1),
            "floor_ratio": round(p50 / floor_p50, 1) if floor_p50 else None,
            "statuses": {str(k): v for k, v in sorted(tally.statuses[name].items())},
        }
    requests = sum(len(v) for v in tally.latencies.values())
    return {
        "requests": requests,
        "requests_per_s": round(requests / elapsed, 1),
        "errors": sum(tally.errors.values()),
        "error_kinds": tally.errors,
        "pages": pages,
    }


def measure(args: argparse.Namespace) -> dict[str, Any]:
    try:
        import uvloop

        runner: Callable[[Any], Any] = uvloop.run
    except ImportError:
        runner = asyncio.run
    users_max = max(args.users)
    pool_size = int(os.environ.get("KNOTWORK_DB_POOL_SIZE") or DEFAULT_POOL_SIZE)
    with (
        tempfile.TemporaryDirectory(prefix="knotwork-http-load-") as temp,
        optional_postgres(args.database_url) as (database_url, admin_url, database),
    ):
        data_dir = Path(temp)
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
        env["KNOTWORK_DATA_DIR"] = str(data_dir)
        env["DJANGO_SETTINGS_MODULE"] = "knotwork.settings"
        if database_url:
            env["DATABASE_URL"] = database_url
            env["REDIS_URL"] = args.redis_url
        migrate = [sys.executable, "-m", "knotwork", "migrate"]
        subprocess.run(migrate, env=env, check=True, capture_output=True)
        os.environ.update(env)
        fixture = seed(users_max)
        knotwork = [sys.executable, "-m", "knotwork", "web", "--workers", str(args.workers)]
        floor = [sys.executable, "-m", "uvicorn", "floor_app:application"]
        floor += ["--app-dir", str(BENCH_DIR), "--workers", str(args.workers)]
        floor += ["--lifespan", "off", "--log-level", "warning"]
        floor_env = {k: v for k, v in env.items() if k != "DJANGO_SETTINGS_MODULE"}
        with (
            server(knotwork, env, data_dir / "web.log") as (app_port, app_pgid),
            server(floor, floor_env, data_dir / "floor.log") as (floor_port, _),
            ConnectionWatch(admin_url, database) as watch,
        ):

            def app_port_of(step: Step) -> int:
                return app_port

            steps_by_user = {u: mix_steps(fixture, u) for u in range(users_max)}
            floor_list = floor_steps(app_port)

            def floor_port_of(step: Step) -> int:
                return floor_port if step is floor_list[0] else app_port

            # Warm-up: every page a few times, so the "before" memory is a warm server's.
            runner(run_users(min(users_max, 2), WARM_UP_S, steps_by_user.__getitem__, app_port_of))
            rss_before = process_group_rss_mb(app_pgid)
            connections_idle_before = watch.count()
            levels = []
            for users in args.users:
                floor_tally, floor_s = runner(
                    run_users(
                        users,
                        min(args.seconds, FLOOR_MAX_S),
                        lambda u: floor_list,
                        floor_port_of,
                    )
                )
                floor_p50 = percentile(floor_tally.latencies["floor"], 0.5)
                watch.reset()
                tally, elapsed = runner(
                    run_users(users, args.seconds, steps_by_user.__getitem__, app_port_of)
                )
                level = summary(tally, elapsed, floor_p50)
                level["users"] = users
                level["peak_db_connections"] = watch.peak
                level["floor_p50_ms"] = round(floor_p50, 2)
                floor_summary = summary(floor_tally, floor_s, floor_p50)
                level["floor_requests_per_s"] = floor_summary["requests_per_s"]
                level["pages"]["healthz"] = floor_summary["pages"]["healthz"]
                levels.append(level)
                if not args.json:
                    print_level(level)
            rss_after = process_group_rss_mb(app_pgid)
            # Idle connections handed back: counted after the pool's idle limit would apply.
            connections_after = watch.count()
    last = levels[-1]
    return {
        "users": last["users"],
        "seconds": args.seconds,
        "database": "postgresql" if args.database_url else "sqlite",
        "workers": args.workers,
        "requests_per_s": last["requests_per_s"],
        "errors": last["errors"],
        "peak_db_connections": last["peak_db_connections"],
        "pool_size": pool_size if args.database_url else None,
        "pool_total": pool_size * args.workers if args.database_url else None,
        "db_connections_idle_before": connections_idle_before,
        "db_connections_at_end": connections_after,
        "rss_mb_before": rss_before,
        "rss_mb_after": rss_after,
        "floor_p50_ms": last["floor_p50_ms"],
        "pages": last["pages"],
        "levels": levels,
        "load_average": os.getloadavg(),
    }


def print_level(level: dict[str, Any]) -> None:
    print(
        f"\n{level['users']} users: {level['requests_per_s']} requests/s, "
        f"{level['errors']} errors {level['error_kinds'] or ''}, "
        f"peak db connections {level['peak_db_connections']}, floor p50 {level['floor_p50_ms']} ms"
    )
    print(f"{'page':>18} {'p50':>7} {'p95':>7} {'p99':>7} {'x floor':>8} {'KB':>7}  n")
    for name, page in level["pages"].items():
        print(
            f"{name:>18} {page['p50_ms']:>7} {page['p95_ms']:>7} {page['p99_ms']:>7} "
            f"{page['floor_ratio']:>8} {page['kb']:>7}  {page['requests']}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, nargs="+", default=[1, 5, 20])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--database-url", help="PostgreSQL server to create the database on")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL, help="with --database-url")
    parser.add_argument("--json", action="store_true", help="end with one JSON object")
    args = parser.parse_args()
    if args.workers > 1 and not args.database_url:
        parser.error("several workers need --database-url (SQLite is one process)")
    result = measure(args)
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"\nRSS {result['rss_mb_before']} MB after warm-up, {result['rss_mb_after']} MB at "
            f"the end; pool {result['pool_total']}; load average {result['load_average']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
