"""The insight sweep: a task that records owed end-of-course results and re-enqueues itself
(the pattern of `courses.tasks.sweep_check_ins`: it needs nothing beyond `knotwork worker`, and
the next run is a row in the task table, so it survives a restart)."""

from __future__ import annotations

from datetime import timedelta

from django.tasks import task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from knotwork.insight.services import record_course_ends

SWEEP_EVERY = timedelta(minutes=30)
SWEEP_TASK_PATH = "knotwork.insight.tasks.sweep_course_ends"


@task()
def sweep_course_ends() -> int:
    """Record the results owed now, then queue the next sweep."""
    recorded = record_course_ends(now=timezone.now())
    ensure_sweep_scheduled()
    return recorded


def ensure_sweep_scheduled() -> bool:
    """Queue a sweep in SWEEP_EVERY unless one is already waiting; True when one was queued."""
    if DBTaskResult.objects.filter(task_path=SWEEP_TASK_PATH, status="READY").exists():
        return False
    sweep_course_ends.using(run_after=timezone.now() + SWEEP_EVERY).enqueue()
    return True
