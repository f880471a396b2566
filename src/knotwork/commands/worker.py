"""`knotwork worker`: the background worker (django-tasks-db) for check-ins and reports."""

from __future__ import annotations

import argparse
import logging

from knotwork.commands._django import add_data_dir, setup


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_dir(parser)
    parser.add_argument(
        "--interval", type=float, default=1.0, help="Seconds between polls (default 1)."
    )
    parser.add_argument(
        "--quiet",
        action="store_true",
        help="Log only warnings and failed tasks, not every task run (`knotwork serve` uses it).",
    )


def run(args: argparse.Namespace) -> int:
    setup(args.data_dir)
    from django.core.management import call_command
    from django_tasks_db.management.commands.db_worker import Command as DbWorker

    class Worker(DbWorker):
        def configure_logging(self, verbosity: int) -> None:
            super().configure_logging(verbosity)
            # The worker's own levels are only "everything" or "nothing"; quiet keeps the
            # warnings and task failures an operator must see, without a line per task.
            if args.quiet:
                for name in ("django_tasks_db", "django.tasks"):
                    logging.getLogger(name).setLevel(logging.WARNING)

    from knotwork.common.worker import requeue_stale_tasks
    from knotwork.courses.tasks import ensure_sweep_scheduled
    from knotwork.insight.tasks import ensure_sweep_scheduled as ensure_insight_sweep

    # What a dead worker left RUNNING is taken up again, and the periodic sweep (which does so
    # from now on) is queued if it died with its worker.
    requeue_stale_tasks()
    ensure_sweep_scheduled()
    # Clinic insight's sweep (end-of-course results) keeps its own chain the same way.
    ensure_insight_sweep()
    call_command(Worker(), interval=args.interval, no_startup_delay=True, verbosity=1)
    return 0
