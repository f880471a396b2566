"""Files at rest: the data directory and everything in it private to the server's user,
whatever the umask, and a clear warning at start when an operator has loosened them."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@contextmanager
def umask(value: int) -> Iterator[None]:
    old = os.umask(value)
    try:
        yield
    finally:
        os.umask(old)


def knotwork(command: str, *args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.pop("KNOTWORK_DATA_DIR", None)
    env.pop("KNOTWORK_SECRET_KEY", None)
    return subprocess.run(
        [sys.executable, "-m", "knotwork", command, "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        check=False,
        preexec_fn=lambda: os.umask(0),  # the loosest umask there is
    )


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("at-rest") / "var"
    result = knotwork("migrate", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr
    return data_dir


def test_a_new_data_directory_is_private_under_any_umask(migrated: Path) -> None:
    assert mode(migrated) == 0o700
    assert mode(migrated / "media") == 0o700
    assert mode(migrated / "knotwork.sqlite3") == 0o600
    assert mode(migrated / "secret_key") == 0o600


def test_the_write_ahead_log_and_shared_memory_files_are_private_too(migrated: Path) -> None:
    with umask(0):
        database = sqlite3.connect(migrated / "knotwork.sqlite3")
        try:
            database.execute("PRAGMA journal_mode=WAL")
            database.execute("CREATE TABLE probe (x)")
            database.execute("INSERT INTO probe VALUES (1)")
            database.commit()
            assert mode(migrated / "knotwork.sqlite3-wal") == 0o600
            assert mode(migrated / "knotwork.sqlite3-shm") == 0o600
        finally:
            database.execute("DROP TABLE probe")
            database.commit()
            database.close()


def test_uploaded_letters_are_private_under_any_umask(tmp_path: Path, settings) -> None:
    storage = FileSystemStorage(location=tmp_path)
    with umask(0):
        name = storage.save("letters/2026/letter.pdf", ContentFile(b"%PDF-1.4"))
    assert mode(tmp_path / name) == 0o600
    assert mode(tmp_path / "letters" / "2026") == 0o700


def test_it_warns_at_start_about_files_an_operator_opened_up(migrated: Path) -> None:
    os.chmod(migrated, 0o755)
    os.chmod(migrated / "knotwork.sqlite3", 0o644)
    try:
        result = knotwork("manage", "check", data_dir=migrated)
    finally:
        os.chmod(migrated, 0o700)
        os.chmod(migrated / "knotwork.sqlite3", 0o600)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert warnings == [
        f"knotwork: warning: {migrated} is mode 0755: other users of this machine can open it. "
        f"Patient data must be private to the server's user: chmod 700 {migrated}",
        f"knotwork: warning: {migrated}/knotwork.sqlite3 is mode 0644: other users of this "
        "machine can read it. Patient data must be private to the server's user: "
        f"chmod 600 {migrated}/knotwork.sqlite3",
    ]
