"""Tasks a dead worker left behind: taken up again after a timeout.

django-tasks-db (0.13) marks a task RUNNING when a worker claims it and never looks at it again:
a worker killed mid-task (`kill -9`, a power cut, the OOM killer) leaves it RUNNING forever. It
has no heartbeat or timeout of its own, only `started_at`. So a task RUNNING for longer than
`KNOTWORK_TASK_TIMEOUT` seconds is presumed dead and put back to READY, to be run again by any
worker: every task of Knotwork is idempotent (its state lives in our rows), so a second run of
one that did finish its work sends or writes nothing twice. `knotwork worker` does it when it
starts and the check-in sweep (every 10 minutes) does it while it runs.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)


def task_timeout() -> timedelta:
    return timedelta(seconds=settings.TASK_TIMEOUT_SECONDS)


def requeue_stale_tasks(*, now: datetime | None = None) -> int:
    """Put tasks RUNNING for longer than the timeout back to READY; return how many."""
    cutoff = (now or timezone.now()) - task_timeout()
    stale = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff)
    count = stale.update(status=TaskResultStatus.READY)
    if count:
        logger.warning("%d task(s) left RUNNING by a dead worker were queued again", count)
    return count
