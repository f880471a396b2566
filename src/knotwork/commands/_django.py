"""Shared start-up for the sub-commands that need Django."""

from __future__ import annotations

import argparse
import os
from pathlib import Path


def add_data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        default=os.environ.get("KNOTWORK_DATA_DIR", "./var"),
        help="Where the SQLite database, secret key and uploads live (default ./var).",
    )


def setup(data_dir: str) -> Path:
    """Point Django at the data directory, create it, and set Django up."""
    path = Path(data_dir).resolve()
    path.mkdir(parents=True, exist_ok=True)
    os.environ["KNOTWORK_DATA_DIR"] = str(path)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "knotwork.settings")
    import django

    django.setup()
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
