"""Background tasks (django-tasks-db): check-in nudges and the periodic sweep.

The sweep is a task that re-enqueues itself. Why this, rather than cron or a loop in the worker:
it needs nothing beyond the `knotwork worker` already running, and the next sweep is itself a
row in the task table, so it survives a restart of the worker like any other queued task. It
re-sends what a restart missed: a nudge task lost with a crashed worker (django-tasks-db leaves
a task that was running when its worker died as RUNNING, never retried, until
`knotwork.common.worker` queues it again after `KNOTWORK_TASK_TIMEOUT`), or one never enqueued
because the web process died before its transaction's on-commit hook ran; and it sends the
outbox's owed mails (`knotwork.outbox.services.deliver_owed`). At most one sweep is
kept queued; `knotwork manage sweep_checkins` runs one now and restarts the chain if it broke.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.tasks import task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from knotwork.common.worker import requeue_stale_tasks
from knotwork.courses.checkins import process_check_in, sweep
from knotwork.courses.reminders import send_reminder
from knotwork.outbox.services import deliver_owed

SWEEP_EVERY = timedelta(minutes=10)
SWEEP_TASK_PATH = "knotwork.courses.tasks.sweep_check_ins"


@task()
def nudge_check_in(check_in_id: int) -> str | None:
    """Send the nudge owed now for one check-in, if any (idempotent)."""
    return process_check_in(check_in_id, now=timezone.now())


@task()
def sweep_check_ins() -> int:
    """Take up tasks a dead worker left RUNNING, process every due check-in (mails owed
    included), send what the outbox still owes, then queue the next sweep."""
    requeue_stale_tasks()
    sent = sweep(now=timezone.now())
    # The one periodic job also resends the notifications a crash or a refusing mail server
    # left owed (invitations, emergency and aftercare alerts, ...): knotwork.outbox.
    deliver_owed()
    ensure_sweep_scheduled()
    return sent


def ensure_sweep_scheduled() -> bool:
    """Queue a sweep in SWEEP_EVERY unless one is already waiting; True when one was queued."""
    # A sweep that is running now is RUNNING, not READY, so it never counts as waiting.
    waiting = DBTaskResult.objects.filter(task_path=SWEEP_TASK_PATH, status="READY")
    if waiting.exists():
        return False
    sweep_check_ins.using(run_after=timezone.now() + SWEEP_EVERY).enqueue()
    return True


def queue_nudges(check_in_id: int, moments: Iterable[datetime]) -> None:
    """Queue one nudge task per moment something may become due, and keep a sweep queued.

    The moments are the ask, the reminder and the close (final assessment). Each task is
    idempotent, so an extra run costs a query and sends nothing.
    """
    for moment in moments:
        nudge_check_in.using(run_after=moment).enqueue(check_in_id)
    ensure_sweep_scheduled()


@task()
def remind_booking(session_id: int) -> bool:
    """Mail the patient the day before a booked session (at most once per booked time)."""
    return send_reminder(session_id, now=timezone.now())


def queue_reminder(session_id: int, moment: datetime) -> None:
    remind_booking.using(run_after=moment).enqueue(session_id)
