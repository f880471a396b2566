"""What `knotwork backup` writes and `knotwork restore` reads: one folder per backup.

```
DEST/
  manifest.json        versions, migrations, row counts per table, a checksum per file
  database.sqlite3     SQLite: a copy by SQLite's online backup API (one consistent moment)
  database.pgdump      PostgreSQL: pg_dump's custom format, from the same snapshot as the counts
  media/...            the uploads (clearance letters)
  secret_key           the generated secret key (not when KNOTWORK_SECRET_KEY is set)
```

Both the copy and the counts come from one snapshot, so a backup taken while the server writes
is consistent: every row of it was committed before the moment of the snapshot and no row after.
The uploads are copied after the snapshot: a letter is saved before its clearance row commits,
so every letter the database names is in the backup (a later one may be too, unnamed).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from knotwork import private_files

MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PGDUMP_FILE = "database.pgdump"
FORMAT = 1


class BackupError(Exception):
    """A backup or restore cannot go on; the message says why and what to do."""


class Refused(BackupError):
    """The target is not empty: nothing was done (exit status 2)."""


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def files_under(folder: Path) -> Iterator[Path]:
    """Every file under `folder`, in a stable order."""
    for root, folders, files in os.walk(folder):
        folders.sort()
        for name in sorted(files):
            yield Path(root) / name


def copy_private(source: Path, target: Path) -> None:
    """Copy a file, creating its folders, private (0600 file, 0700 folders)."""
    for parent in reversed(target.parents):
        if not parent.exists():
            private_files.make_private_folder(parent)
    shutil.copyfile(source, target)
    os.chmod(target, private_files.FILE_MODE)


def is_empty_folder(path: Path) -> bool:
    return not path.exists() or (path.is_dir() and not any(path.iterdir()))


# --- SQLite ---------------------------------------------------------------------------------


def sqlite_tables(database: sqlite3.Connection) -> list[str]:
    rows = database.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    )
    return [name for (name,) in rows]


def sqlite_counts(database: sqlite3.Connection) -> dict[str, int]:
    return {
        table: int(database.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0])
        for table in sqlite_tables(database)
    }


def sqlite_migrations(database: sqlite3.Connection) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for app, name in database.execute("SELECT app, name FROM django_migrations ORDER BY id"):
        found.setdefault(app, []).append(name)
    return found


def backup_sqlite(live: Path, target: Path) -> tuple[dict[str, int], dict[str, list[str]]]:
    """Copy the live database by the online backup API, in one step (one read transaction, so
    one consistent moment, WAL included, while other connections write); counts from the copy."""
    source = sqlite3.connect(live, timeout=60)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        return sqlite_counts(copy), sqlite_migrations(copy)
    finally:
        copy.close()
        source.close()


# --- PostgreSQL -----------------------------------------------------------------------------


def libpq_environment(database: dict[str, Any]) -> tuple[str, dict[str, str]]:
    """A conninfo string for pg_dump/pg_restore and the environment holding the password (so
    it never shows in the process list)."""
    from psycopg.conninfo import make_conninfo

    # Django's own options (the connection pool and the like) are not libpq's.
    django_only = {"pool", "server_side_binding", "isolation_level", "assume_role", "context"}
    options = {
        k: str(v) for k, v in (database.get("OPTIONS") or {}).items() if k not in django_only
    }
    parts = {
        "dbname": database["NAME"],
        "host": database.get("HOST") or "",
        "port": str(database.get("PORT") or ""),
        "user": database.get("USER") or "",
        **options,
    }
    conninfo = make_conninfo(**{k: v for k, v in parts.items() if v})
    env = dict(os.environ)
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = str(database["PASSWORD"])
    return conninfo, env


def postgres_tables(cursor: Any) -> list[str]:
    cursor.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
        "AND table_type = 'BASE TABLE' ORDER BY table_name"
    )
    return [name for (name,) in cursor.fetchall()]


def postgres_counts(cursor: Any) -> dict[str, int]:
    counts = {}
    for table in postgres_tables(cursor):
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = int(cursor.fetchone()[0])
    return counts


def postgres_migrations(cursor: Any) -> dict[str, list[str]]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
    found: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        found.setdefault(app, []).append(name)
    return found


def run_tool(command: list[str], env: dict[str, str]) -> None:
    tool = command[0]
    if shutil.which(tool) is None:
        raise BackupError(
            f"{tool} is not installed; it comes with PostgreSQL's client programs "
            f"(Debian: apt-get install postgresql-client), the same major version as the server."
        )
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{tool} failed: {result.stderr.strip()}")


def backup_postgres(
    database: dict[str, Any], target: Path
) -> tuple[dict[str, int], dict[str, list[str]], str]:
    """pg_dump from a snapshot this connection exports, and the counts from the same snapshot."""
    import psycopg

    conninfo, env = libpq_environment(database)
    with psycopg.connect(conninfo, password=database.get("PASSWORD") or None) as connection:
        connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        connection.read_only = True
        with connection.transaction(), connection.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
            row = cursor.fetchone()
            if row is None:  # the query selects exactly one row
                raise RuntimeError("PostgreSQL exported no snapshot")
            snapshot, server_version = row
            dump = ["pg_dump", "--format=custom", f"--snapshot={snapshot}"]
            run_tool([*dump, "--file", str(target), "--dbname", conninfo], env)
            os.chmod(target, private_files.FILE_MODE)
            return postgres_counts(cursor), postgres_migrations(cursor), str(server_version)


def manifest_files(backup: Path) -> dict[str, dict[str, object]]:
    return {
        path.relative_to(backup).as_posix(): {"bytes": path.stat().st_size, "sha256": sha256(path)}
        for path in files_under(backup)
        if path.name != MANIFEST
    }


def write_manifest(backup: Path, manifest: dict[str, Any]) -> None:
    text = json.dumps(manifest, indent=2, sort_keys=True) + "\n"
    private_files.create_private_file(backup / MANIFEST, text.encode())


def read_manifest(backup: Path) -> dict[str, Any]:
    path = backup / MANIFEST
    if not path.is_file():
        raise BackupError(f"{backup} is not a Knotwork backup: it has no {MANIFEST}.")
    manifest: dict[str, Any] = json.loads(path.read_text())
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"{backup} is a backup of format {manifest.get('format')!r}; "
            f"this Knotwork reads format {FORMAT}."
        )
    return manifest


def check_files(backup: Path, manifest: dict[str, Any]) -> None:
    """Every file the manifest lists is there with its checksum, and nothing else."""
    listed: dict[str, dict[str, Any]] = manifest["files"]
    present = {p.relative_to(backup).as_posix() for p in files_under(backup)} - {MANIFEST}
    for name in sorted(set(listed) - present):
        raise BackupError(f"The backup is incomplete: {name} is missing.")
    for name in sorted(present - set(listed)):
        raise BackupError(f"The backup holds {name}, which its manifest does not list.")
    for name in sorted(listed):
        if sha256(backup / name) != listed[name]["sha256"]:
            raise BackupError(f"The backup is damaged: {name} does not match its checksum.")
