"""`knotwork restore SRC --data-dir DIR`: a backup into an empty data directory (or database).

Refuses a data directory that holds anything, and on PostgreSQL a database that has tables;
checks every file of the backup against its manifest first, then the row count of every table
after restoring it, and finally migrates the restored database to this release's schema (a
backup made by an earlier release comes up to date) and checks the reference data.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import sys
from pathlib import Path
from typing import Any

from knotwork import private_files
from knotwork.commands import _backups
from knotwork.commands._django import migrate_if_needed, setup


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("src", metavar="SRC", help="The backup folder (made by knotwork backup).")
    parser.add_argument(
        "--data-dir",
        required=True,
        help="The data directory to restore into: new or empty.",
    )


def run(args: argparse.Namespace) -> int:
    source = Path(args.src).resolve()
    data_dir = Path(args.data_dir).resolve()
    created = not data_dir.exists()
    try:
        manifest = _backups.read_manifest(source)
        _backups.check_files(source, manifest)
        if not _backups.is_empty_folder(data_dir):
            raise _backups.Refused(
                f"{data_dir} is not empty; restore only into a new or empty data directory "
                "(nothing was changed)."
            )
    except _backups.BackupError as error:
        print(f"knotwork restore: {error}", file=sys.stderr)
        return 2 if isinstance(error, _backups.Refused) else 1
    try:
        restored = restore(source, manifest, data_dir)
    except _backups.BackupError as error:
        _undo(data_dir, created)
        print(f"knotwork restore: {error}", file=sys.stderr)
        return 2 if isinstance(error, _backups.Refused) else 1
    except BaseException:
        _undo(data_dir, created)
        raise
    print(restored)
    return 0


def restore(source: Path, manifest: dict[str, Any], data_dir: Path) -> str:
    engine = manifest["versions"]["database"]["engine"]
    on_postgres = bool(os.environ.get("DATABASE_URL", "").strip())
    if on_postgres != (engine == "postgresql"):
        wanted = "with DATABASE_URL set" if engine == "postgresql" else "without DATABASE_URL"
        raise _backups.BackupError(f"This is a backup of a {engine} database: restore it {wanted}.")
    private_files.prepare(data_dir, sqlite=False)
    # The key first: the settings would otherwise generate a new one.
    for name in manifest["files"]:
        if name == private_files.SECRET_KEY_NAME or name.startswith("media/"):
            _backups.copy_private(source / name, data_dir / name)
    if engine == "sqlite":
        target = data_dir / private_files.DATABASE_NAME
        _backups.copy_private(source / _backups.SQLITE_FILE, target)
        with sqlite3.connect(target) as database:
            counts = _backups.sqlite_counts(database)
        database.close()
        _check_counts(manifest, counts)
        setup(str(data_dir))
    else:
        setup(str(data_dir))
        counts = _restore_postgres(source)
        _check_counts(manifest, counts)
    from knotwork.reference import load_reference_data

    applied = migrate_if_needed(verbosity=1)
    lines = [
        f"Restored {len(counts)} tables ({sum(counts.values())} rows, as the manifest counts) "
        f"and {sum(1 for n in manifest['files'] if n.startswith('media/'))} uploads from the "
        f"backup of {manifest['created_at']} (Knotwork {manifest['versions']['knotwork']}) "
        f"into {data_dir}.",
        "Migrations applied: the backup was of an earlier schema."
        if applied
        else "The schema was up to date.",
        *load_reference_data(),
    ]
    if manifest.get("secret_key") != "in backup":
        lines.append("The secret key was not in the backup: set KNOTWORK_SECRET_KEY as before.")
    return "\n".join(lines)


def _restore_postgres(source: Path) -> dict[str, int]:
    from django.conf import settings
    from django.db import connection

    with connection.cursor() as cursor:
        if _backups.postgres_tables(cursor):
            raise _backups.Refused(
                f"The database {settings.DATABASES['default']['NAME']} has tables; restore only "
                "into a new, empty database (nothing was changed in it)."
            )
    conninfo, env = _backups.libpq_environment(dict(settings.DATABASES["default"]))
    command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error"]
    _backups.run_tool([*command, "--dbname", conninfo, str(source / _backups.PGDUMP_FILE)], env)
    with connection.cursor() as cursor:
        return _backups.postgres_counts(cursor)


def _check_counts(manifest: dict[str, Any], counts: dict[str, int]) -> None:
    if counts != manifest["counts"]:
        differ = sorted(
            t
            for t in set(counts) | set(manifest["counts"])
            if counts.get(t) != manifest["counts"].get(t)
        )
        raise _backups.BackupError(
            f"The restored rows differ from the manifest's counts in: {', '.join(differ)}."
        )


def _undo(data_dir: Path, created: bool) -> None:
    """Leave the data directory as it was: new (removed) or empty."""
    if created:
        shutil.rmtree(data_dir, ignore_errors=True)
    elif data_dir.is_dir():
        for child in data_dir.iterdir():
            shutil.rmtree(child) if child.is_dir() else child.unlink()
