"""`knotwork worker`: the background worker (django-tasks-db) for check-ins and reports."""

from __future__ import annotations

import argparse

from knotwork.commands._django import add_data_dir, setup


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_dir(parser)
    parser.add_argument(
        "--interval", type=float, default=1.0, help="Seconds between polls (default 1)."
    )


def run(args: argparse.Namespace) -> int:
    setup(args.data_dir)
    from django.core.management import call_command

    call_command("db_worker", interval=args.interval, no_startup_delay=True, verbosity=1)
    return 0
