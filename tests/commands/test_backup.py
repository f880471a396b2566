"""`knotwork backup` and `knotwork restore` as an operator runs them, with the server writing.

Copying only the .sqlite3 file while the server ran once kept 139 of 159 acknowledged pain maps
(the rest were in the write-ahead log); the backup here is taken while a writer commits, and the
restore is compared table by table and file by file.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

import pytest

if TYPE_CHECKING:
    import psycopg

BACKUPS = Path(__file__).resolve().parent / "backups"


def knotwork(
    *args: str, env: dict[str, str] | None = None, database_url: str = ""
) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    for name in ("KNOTWORK_DATA_DIR", "KNOTWORK_SECRET_KEY"):
        base.pop(name, None)
    if database_url:
        base["DATABASE_URL"] = database_url
    base.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "knotwork", *args],
        capture_output=True,
        text=True,
        env=base,
        timeout=300,
        check=False,
    )


def rows(database: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, in a stable order."""
    tables = [
        name
        for (name,) in database.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {t: sorted(database.execute(f'SELECT * FROM "{t}"'), key=repr) for t in tables}


def digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


class Writer(threading.Thread):
    """Commits two clinics per transaction to the live database until stopped, as a server
    would: each commit is acknowledged (counted) only once it returned."""

    def __init__(self, database: Path) -> None:
        super().__init__(daemon=True)
        self.database = database
        self.acknowledged = 0
        self.stop = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.write()
        except BaseException as error:  # said by wait_for(), not lost with the thread
            self.error = error

    def wait_for(self, acknowledged: int) -> None:
        """Until `acknowledged` commits: a writer that died or stalled fails the test at once
        rather than leaving it (and its xdist worker) waiting for ever."""
        deadline = time.monotonic() + 120
        while self.acknowledged < acknowledged:
            assert self.is_alive(), f"the writer stopped: {self.error!r}"
            assert time.monotonic() < deadline, f"{self.acknowledged} commits in 120 s"
            time.sleep(0.01)

    def write(self) -> None:
        connection = sqlite3.connect(self.database, timeout=30, isolation_level=None)
        connection.execute("PRAGMA journal_mode=WAL")
        while not self.stop.is_set():
            connection.execute("BEGIN IMMEDIATE")
            for _ in range(2):
                connection.execute(
                    "INSERT INTO clinics_clinic (name, routine_flags_need_clearance, is_demo, "
                    "created_at, staff_need_two_factor, learn_from_findings) "
                    "VALUES (?, 0, 0, '2026-01-01', 0, 0)",
                    (f"Written during the backup {self.acknowledged}",),
                )
            connection.execute("COMMIT")
            self.acknowledged += 2
        connection.close()


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated data directory with an upload, as a running server has it."""
    data_dir = tmp_path_factory.mktemp("live") / "var"
    migrated = knotwork("migrate", "--data-dir", str(data_dir))
    assert migrated.returncode == 0, migrated.stderr
    letter = data_dir / "media" / "clearances" / "1" / "1" / "0a1b.pdf"
    letter.parent.mkdir(parents=True, mode=0o700)
    letter.write_bytes(b"%PDF-1.4 a letter")
    os.chmod(letter, 0o600)
    for folder in letter.parents:
        if folder == data_dir:
            break
        os.chmod(folder, 0o700)
    return data_dir


def test_a_backup_taken_while_the_server_writes_restores_every_table_and_file(
    live: Path, tmp_path: Path
) -> None:
    writer = Writer(live / "knotwork.sqlite3")
    writer.start()
    writer.wait_for(200)
    acknowledged_before = writer.acknowledged
    backup = knotwork("backup", str(tmp_path / "backup"), "--data-dir", str(live))
    acknowledged_after = writer.acknowledged
    writer.stop.set()
    writer.join()
    assert backup.returncode == 0, backup.stderr
    assert "Backed up" in backup.stdout and "1 uploads" in backup.stdout
    # The writer kept committing while the backup ran.
    assert acknowledged_after > acknowledged_before

    restored = knotwork("restore", str(tmp_path / "backup"), "--data-dir", str(tmp_path / "var"))
    assert restored.returncode == 0, restored.stderr
    assert "The schema was up to date." in restored.stdout

    with sqlite3.connect(tmp_path / "backup" / "database.sqlite3") as copy:
        in_backup = rows(copy)
    with sqlite3.connect(tmp_path / "var" / "knotwork.sqlite3") as database:
        in_restore = rows(database)
    with sqlite3.connect(live / "knotwork.sqlite3") as database:
        in_live = rows(database)
    # Every table, row for row.
    assert in_restore == in_backup
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["counts"] == {table: len(found) for table, found in in_restore.items()}
    # One consistent moment: every write acknowledged before the backup began, no half of a
    # transaction, and exactly what the live database held then (its first clinics, in order).
    clinics = in_restore["clinics_clinic"]
    assert acknowledged_before <= len(clinics) <= acknowledged_after
    assert len(clinics) % 2 == 0
    assert sorted(clinics) == sorted(in_live["clinics_clinic"])[: len(clinics)]
    # Every file: the upload and the secret key, byte for byte, private.
    assert digests(tmp_path / "var" / "media") == digests(live / "media")
    assert (tmp_path / "var" / "secret_key").read_bytes() == (live / "secret_key").read_bytes()
    assert {p.stat().st_mode & 0o777 for p in (tmp_path / "backup").rglob("*")} <= {0o600, 0o700}


def test_it_restores_a_backup_of_the_previous_release_and_migrates_it(tmp_path: Path) -> None:
    """backups/backup-0.1.0.tar.gz: the demo clinic and a letter, backed up by release 0.1.0."""
    with tarfile.open(BACKUPS / "backup-0.1.0.tar.gz") as archive:
        archive.extractall(tmp_path, filter="data")
    source = tmp_path / "backup-0.1.0"
    manifest = json.loads((source / "manifest.json").read_text())
    assert manifest["versions"]["knotwork"] == "0.1.0"

    restored = knotwork("restore", str(source), "--data-dir", str(tmp_path / "var"))

    assert restored.returncode == 0, restored.stderr
    assert "backup of 2026-12-01" in restored.stdout
    check = knotwork(
        "manage", "--data-dir", str(tmp_path / "var"), "migrate", "--check", "--noinput"
    )
    assert check.returncode == 0, check.stdout + check.stderr  # nothing left to migrate
    with sqlite3.connect(tmp_path / "var" / "knotwork.sqlite3") as database:
        names = {n for (n,) in database.execute("SELECT given_name FROM patients_patient")}
        clinics = database.execute("SELECT COUNT(*) FROM clinics_clinic").fetchone()[0]
    assert "Jordan" in names and clinics == manifest["counts"]["clinics_clinic"]
    assert digests(tmp_path / "var" / "media") == digests(source / "media")
    listed = {k.removeprefix("media/"): v["sha256"] for k, v in manifest["files"].items()}
    assert digests(tmp_path / "var" / "media").items() <= listed.items()


def test_it_refuses_a_data_directory_that_is_not_empty_and_a_damaged_backup(
    live: Path, tmp_path: Path
) -> None:
    backup = tmp_path / "backup"
    assert knotwork("backup", str(backup), "--data-dir", str(live)).returncode == 0

    into_live = knotwork("restore", str(backup), "--data-dir", str(live))
    assert into_live.returncode == 2
    assert f"{live} is not empty" in into_live.stderr

    again = knotwork("backup", str(backup), "--data-dir", str(live))
    assert again.returncode == 2 and "is not empty" in again.stderr

    letter = next((backup / "media").rglob("*.pdf"))
    letter.write_bytes(b"%PDF-1.4 changed")
    damaged = knotwork("restore", str(backup), "--data-dir", str(tmp_path / "var"))
    assert damaged.returncode == 1
    assert "does not match its checksum" in damaged.stderr
    assert not (tmp_path / "var").exists()


def postgres_url() -> str:
    return os.environ.get("KNOTWORK_TEST_DATABASE_URL") or os.environ.get("DATABASE_URL", "")


def row_count(connection: psycopg.Connection[tuple[Any, ...]], table: str) -> int:
    row = connection.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()
    assert row is not None  # COUNT(*) always answers one row
    return int(row[0])


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@pytest.mark.postgres_only  # pg_dump and pg_restore against the tier's server
def test_postgres_backup_and_restore_while_writing(tmp_path: Path) -> None:
    import psycopg

    base = postgres_url()
    prefix = (urlsplit(base).path.strip("/") or "knotwork") + f"_backup_{os.getpid()}"
    source_url, target_url = (
        with_database(base, f"{prefix}_src"),
        with_database(base, f"{prefix}_dst"),
    )
    admin = psycopg.connect(with_database(base, "postgres"), autocommit=True)
    for url in (source_url, target_url):
        admin.execute(f'DROP DATABASE IF EXISTS "{urlsplit(url).path[1:]}"')
        admin.execute(f'CREATE DATABASE "{urlsplit(url).path[1:]}"')
    try:
        migrated = knotwork(
            "migrate", "--data-dir", str(tmp_path / "live"), database_url=source_url
        )
        assert migrated.returncode == 0, migrated.stderr
        stop = threading.Event()
        acknowledged = [0]

        def write() -> None:
            with psycopg.connect(source_url, autocommit=True) as connection:
                while not stop.is_set():
                    with connection.transaction():
                        for _ in range(2):
                            connection.execute(
                                "INSERT INTO clinics_clinic (name, routine_flags_need_clearance, "
                                "is_demo, created_at, staff_need_two_factor, learn_from_findings) "
                                "VALUES ('During the backup', false, false, now(), false, false)"
                            )
                    acknowledged[0] += 2

        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        deadline = time.monotonic() + 120
        while acknowledged[0] < 100:  # a writer that died fails here rather than hanging
            assert writer.is_alive() and time.monotonic() < deadline, "the writer stopped"
            time.sleep(0.01)
        before = acknowledged[0]
        backup = knotwork(
            "backup",
            str(tmp_path / "backup"),
            "--data-dir",
            str(tmp_path / "live"),
            database_url=source_url,
        )
        stop.set()
        writer.join()
        assert backup.returncode == 0, backup.stderr

        restored = knotwork(
            "restore",
            str(tmp_path / "backup"),
            "--data-dir",
            str(tmp_path / "var"),
            database_url=target_url,
        )
        assert restored.returncode == 0, restored.stderr
        manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
        with psycopg.connect(target_url) as target:
            tables = [
                t
                for (t,) in target.execute(
                    "SELECT table_name FROM information_schema.tables "
                    "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
                )
            ]
            counts = {t: row_count(target, t) for t in tables}
        assert counts == manifest["counts"]
        assert before <= counts["clinics_clinic"] and counts["clinics_clinic"] % 2 == 0

        again = knotwork(
            "restore",
            str(tmp_path / "backup"),
            "--data-dir",
            str(tmp_path / "other"),
            database_url=target_url,
        )
        assert again.returncode == 2 and "has tables" in again.stderr
        assert not (tmp_path / "other").exists()
    finally:
        for url in (source_url, target_url):
            admin.execute(f'DROP DATABASE IF EXISTS "{urlsplit(url).path[1:]}" WITH (FORCE)')
        admin.close()
