"""`knotwork backup DEST`: a consistent copy of everything a clinic needs, while the server runs.

The database (SQLite's online backup API, or pg_dump for PostgreSQL), the uploads, the
generated secret key and a manifest with the versions, the row count of every table and a
checksum of every file, into DEST: a new or empty folder, made private (0700, files 0600).
See knotwork.commands._backups for the layout and why it is consistent.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from knotwork import private_files
from knotwork.commands import _backups
from knotwork.commands._django import add_data_dir, setup, uses_sqlite


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dest", metavar="DEST", help="A new or empty folder for the backup.")
    add_data_dir(parser)


def run(args: argparse.Namespace) -> int:
    dest = Path(args.dest).resolve()
    if not _backups.is_empty_folder(dest):
        print(f"knotwork backup: {dest} is not empty; back up into a new folder.", file=sys.stderr)
        return 2
    data_dir = setup(args.data_dir)
    try:
        manifest = make_backup(data_dir, dest)
    except _backups.BackupError as error:
        print(f"knotwork backup: {error}", file=sys.stderr)
        return 1
    counts: dict[str, int] = manifest["counts"]
    uploads = sum(1 for name in manifest["files"] if name.startswith("media/"))
    print(
        f"Backed up {len(counts)} tables ({sum(counts.values())} rows) and {uploads} uploads "
        f"into {dest}."
    )
    return 0


def make_backup(data_dir: Path, dest: Path) -> dict[str, Any]:
    import django
    from django.conf import settings

    import knotwork

    private_files.make_private_folder(dest)
    database = settings.DATABASES["default"]
    if uses_sqlite():
        counts, migrations = _backups.backup_sqlite(
            Path(str(database["NAME"])), dest / _backups.SQLITE_FILE
        )
        os.chmod(dest / _backups.SQLITE_FILE, private_files.FILE_MODE)
        import sqlite3

        engine = {"engine": "sqlite", "version": sqlite3.sqlite_version}
    else:
        counts, migrations, server = _backups.backup_postgres(
            dict(database), dest / _backups.PGDUMP_FILE
        )
        engine = {"engine": "postgresql", "version": server}
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir():
        for path in _backups.files_under(media):
            _backups.copy_private(path, dest / "media" / path.relative_to(media))
    from_environment = bool(os.environ.get("KNOTWORK_SECRET_KEY"))
    key_file = data_dir / private_files.SECRET_KEY_NAME
    if not from_environment and key_file.is_file():
        _backups.copy_private(key_file, dest / private_files.SECRET_KEY_NAME)
    manifest: dict[str, Any] = {
        "format": _backups.FORMAT,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "versions": {
            "knotwork": knotwork.__version__,
            "django": django.get_version(),
            "python": platform.python_version(),
            "database": engine,
        },
        "secret_key": "environment (KNOTWORK_SECRET_KEY)" if from_environment else "in backup",
        "migrations": migrations,
        "counts": counts,
        "files": _backups.manifest_files(dest),
    }
    _backups.write_manifest(dest, manifest)
    return manifest
