"""Shared start-up for the sub-commands that need Django."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from knotwork import private_files


def add_data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        default=os.environ.get("KNOTWORK_DATA_DIR", "./var"),
        help="Where the SQLite database, secret key and uploads live (default ./var).",
    )


def setup(data_dir: str) -> Path:
    """Point Django at the data directory, create it private (knotwork.private_files), set
    Django up, and warn on stderr about anything in it that other users of the machine can read."""
    path = Path(data_dir).resolve()
    private_files.prepare(path, sqlite=not os.environ.get("DATABASE_URL", "").strip())
    os.environ["KNOTWORK_DATA_DIR"] = str(path)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "knotwork.settings")
    import django

    django.setup()
    for problem in private_files.loosened(path):
        print(f"knotwork: warning: {problem}", file=sys.stderr)
    return path


def migrate_if_needed(verbosity: int = 0) -> bool:
    """Apply pending migrations; return whether there were any (a warm start has none)."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        call_command("migrate", interactive=False, verbosity=verbosity)
    return bool(pending)


def uses_sqlite() -> bool:
    from django.conf import settings

    return str(settings.DATABASES["default"]["ENGINE"]).endswith("sqlite3")


def proxy_options() -> dict[str, Any]:
    """Uvicorn's proxy options: forwarded headers count only from KNOTWORK_TRUSTED_PROXIES.

    Uvicorn trusts `X-Forwarded-For` from 127.0.0.1 unless told otherwise, so behind a local
    proxy (or from any local process) a client could choose the address that the audit trail
    records and that the throttles count. With no trusted proxy the headers are not read at all.
    """
    from django.conf import settings

    proxies = list(settings.TRUSTED_PROXIES)
    return {"proxy_headers": bool(proxies), "forwarded_allow_ips": proxies}
