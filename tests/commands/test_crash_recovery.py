"""`kill -9` of the web server and of the worker while they write, on the database of the tier
(SQLite in the sqlite tier, PostgreSQL in the postgres tier): nothing acknowledged is lost,
no task is lost, nothing is stored or sent twice. The test prints its counts.

The web phase: a client writes pain maps through the API (each with a unique note) while the
web server is killed with SIGKILL twice and started again; every 201 it got must be a stored
map, and no note is stored twice. The worker phase: CHECK_INS check-ins are due at once; the
worker is killed with SIGKILL twice while it sends their mail (the console mail backend writes
each accepted mail to the worker's output file), then started again after KNOTWORK_TASK_TIMEOUT;
every due task must end SUCCESSFUL and every patient must have had exactly one mail.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import connection

from knotwork.local_servers import free_port, healthy

CHECK_INS = 80
MAPS_PER_LIFE = 30
TIMEOUT_S = 3
NUDGE = "knotwork.courses.tasks.nudge_check_in"


@pytest.fixture
def database_url(db: None) -> Iterator[str]:
    """Empty for SQLite (the data directory's file); a fresh PostgreSQL database otherwise."""
    if connection.vendor != "postgresql":
        yield ""
        return
    import psycopg

    url = os.environ["DATABASE_URL"]
    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'knotwork'}_crash_{os.getpid()}"
    admin = psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True)
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


class Deployment:
    def __init__(self, data_dir: Path, database_url: str) -> None:
        self.data_dir = data_dir
        self.env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
        self.env.update(
            KNOTWORK_DATA_DIR=str(data_dir),
            DJANGO_SETTINGS_MODULE="knotwork.settings",
            KNOTWORK_TASK_TIMEOUT=str(TIMEOUT_S),
            KNOTWORK_EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
            KNOTWORK_DB_POOL_SIZE="0",
        )
        if database_url:
            self.env["DATABASE_URL"] = database_url
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.lives = 0

    def knotwork(self, *args: str, log: IO[bytes]) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "knotwork", *args, "--data-dir", str(self.data_dir)],
            env=self.env,
            start_new_session=True,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def run(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, *args], env=self.env, capture_output=True, text=True, timeout=900
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def web(self) -> subprocess.Popen[bytes]:
        log = (self.data_dir / f"web-{self.lives}.log").open("wb")
        process = self.knotwork("web", "--port", str(self.port), log=log)
        deadline = time.monotonic() + 60
        while not healthy(self.base):
            assert process.poll() is None and time.monotonic() < deadline, "web did not start"
            time.sleep(0.2)
        return process

    def worker(self) -> subprocess.Popen[bytes]:
        self.lives += 1
        out = (self.data_dir / f"worker-{self.lives}.out").open("wb")
        return self.knotwork("worker", "--interval", "0.1", log=out)


def kill_nine(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def post_map(base: str, token: str, patient_id: int, note: str) -> int | None:
    """The stored map's id when the server acknowledged it (201), else None."""
    body = json.dumps({"marks": [{"region": "low_back_right", "intensity": 5}], "note": note})
    request = urllib.request.Request(
        f"{base}/api/v1/patients/{patient_id}/pain-maps",
        data=body.encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return int(json.load(answer)["id"]) if answer.status == 201 else None
    except (urllib.error.URLError, OSError, ValueError):
        return None


# Reads the deployment's database through its models, one piece of code a line in (as JSON) and
# its `result` a line out: one process (one Django start) for every query of the test.
QUERIES = """
import json, sys
import django
django.setup()
for line in sys.stdin:
    scope = {}
    exec(json.loads(line), scope)
    print("result:", json.dumps(scope["result"]), flush=True)
"""


class Queries:
    def __init__(self, deployment: Deployment) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", QUERIES],
            env=deployment.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def __call__(self, code: str) -> object:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(json.dumps(code) + "\n")
        self.process.stdin.flush()
        while not (line := self.process.stdout.readline()).startswith("result: "):
            assert line, "the query process stopped (its error is above)"
        return json.loads(line.removeprefix("result: "))

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=60)


def mails_so_far(deployment: Deployment) -> int:
    return sum(
        log.read_bytes().count(b"\nTo: ") for log in deployment.data_dir.glob("worker-*.out")
    )


@pytest.mark.django_db(transaction=True)
def test_kill_nine_loses_nothing_acknowledged_and_doubles_nothing(
    tmp_path: Path, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    deployment = Deployment(tmp_path, database_url)
    deployment.run("-m", "knotwork", "migrate", "--data-dir", str(tmp_path))
    # The last line: the console mail backend prints the sessions' what-to-expect mails first.
    seeded_out = deployment.run("-m", "tests.commands.crash_seed", str(CHECK_INS))
    seeded = json.loads(seeded_out.strip().splitlines()[-1])
    token, patients = seeded["token"], seeded["patients"]

    # Web: three lives, the first two ended by SIGKILL in the middle of the writes.
    acknowledged: dict[str, int] = {}
    attempts = 0
    for life in range(3):
        web = deployment.web()
        stop = threading.Event()

        def write(life: int = life, stop: threading.Event = stop) -> None:
            nonlocal attempts
            for number in range(MAPS_PER_LIFE * 3):
                if stop.is_set():
                    return
                note = f"crash-{life}-{number}"
                attempts += 1
                stored = post_map(deployment.base, token, patients[number % len(patients)], note)
                if stored is not None:
                    acknowledged[note] = stored

        writer = threading.Thread(target=write)
        writer.start()
        while len([n for n in acknowledged if n.startswith(f"crash-{life}-")]) < MAPS_PER_LIFE:
            assert writer.is_alive() or life == 2, "the writer stopped early"
            if not writer.is_alive():
                break
            time.sleep(0.01)
        if life < 2:
            kill_nine(web)  # mid-write: the writer has requests in flight
        stop.set()
        writer.join()
        if life == 2:
            kill_nine(web)
    query = Queries(deployment)
    stored_maps = query(
        "from knotwork.painmaps.models import PainMapRecord\n"
        "result = list(PainMapRecord.objects.filter(note__startswith='crash-')"
        ".values_list('note', 'id'))",
    )
    assert isinstance(stored_maps, list)
    stored_notes = Counter(note for note, _ in stored_maps)
    lost_writes = sorted(set(acknowledged) - set(stored_notes))
    duplicate_writes = sorted(note for note, times in stored_notes.items() if times > 1)

    # Worker: killed twice while the due check-ins' mail goes out, then left to finish.
    worker = deployment.worker()
    for _ in range(2):
        deadline = time.monotonic() + 120
        while mails_so_far(deployment) < CHECK_INS // 3 * deployment.lives:
            assert time.monotonic() < deadline and worker.poll() is None, "worker is stuck"
            time.sleep(0.02)
        kill_nine(worker)
        time.sleep(TIMEOUT_S + 1)  # restarted after the timeout: what it left is taken up
        worker = deployment.worker()
    deadline = time.monotonic() + 300
    while True:
        left = query(
            "from django.utils import timezone\n"
            "from django_tasks_db.models import DBTaskResult\n"
            "from knotwork.courses.models import CheckInNudge\n"
            f"due = DBTaskResult.objects.filter(task_path={NUDGE!r},"
            " run_after__lte=timezone.now())\n"
            "result = [due.exclude(status='SUCCESSFUL').count(), due.count(),"
            " CheckInNudge.objects.filter(emailed=False).count(),"
            " CheckInNudge.objects.count()]",
        )
        assert isinstance(left, list)
        if (left[0], left[2]) == (0, 0) or time.monotonic() > deadline:
            break
        time.sleep(1)
    query.close()
    kill_nine(worker)
    unfinished_tasks, due_tasks, unsent_nudges, nudges = left
    mails = Counter(
        address
        for log in sorted(deployment.data_dir.glob("worker-*.out"))
        for address in re.findall(rb"\nTo: (crash\d{4}@example\.com)", log.read_bytes())
    )
    expected = {f"crash{n:04d}@example.com".encode() for n in range(CHECK_INS)}
    mails_lost = len(expected - set(mails))
    mails_doubled = sum(times - 1 for times in mails.values() if times > 1)

    figures = (
        f"kill -9 on {connection.vendor}: web killed 2x, {attempts} writes tried, "
        f"{len(acknowledged)} acknowledged, {len(stored_notes)} stored, "
        f"{len(lost_writes)} acknowledged writes lost, {len(duplicate_writes)} stored twice; "
        f"worker killed 2x, {due_tasks} due tasks, {unfinished_tasks} lost (not SUCCESSFUL), "
        f"{nudges} nudges for {CHECK_INS} check-ins, {unsent_nudges} marked unsent, "
        f"{sum(mails.values())} mails accepted, {mails_lost} lost, {mails_doubled} duplicates"
    )
    with capsys.disabled():
        print(f"\n{figures}")
    assert lost_writes == [] and duplicate_writes == []
    assert (unfinished_tasks, unsent_nudges, nudges) == (0, 0, CHECK_INS)
    assert mails_lost == 0
    # A kill between the backend's acceptance and the row's update may resend that one mail.
    assert mails_doubled <= 2
