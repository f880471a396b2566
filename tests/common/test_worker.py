"""Tasks a dead worker left RUNNING are taken up again after KNOTWORK_TASK_TIMEOUT."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from knotwork.common.worker import requeue_stale_tasks
from knotwork.courses.tasks import sweep_check_ins


@override_settings(TASK_TIMEOUT_SECONDS=600)
@pytest.mark.django_db(transaction=True)
def test_a_task_left_running_by_a_dead_worker_runs_again_after_the_timeout() -> None:
    result = sweep_check_ins.enqueue()
    now = timezone.now()
    # A worker claimed it eleven minutes ago and was killed: RUNNING, nobody working on it.
    DBTaskResult.objects.filter(pk=result.id).update(
        status="RUNNING", started_at=now - timedelta(minutes=11), worker_ids=["dead"]
    )
    fresh = sweep_check_ins.enqueue()
    DBTaskResult.objects.filter(pk=fresh.id).update(
        status="RUNNING", started_at=now - timedelta(minutes=1), worker_ids=["alive"]
    )

    assert requeue_stale_tasks(now=now) == 1
    assert DBTaskResult.objects.get(pk=result.id).status == "READY"
    assert DBTaskResult.objects.get(pk=fresh.id).status == "RUNNING"

    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    taken_up = DBTaskResult.objects.get(pk=result.id)
    assert taken_up.status == "SUCCESSFUL" and taken_up.worker_ids[0] == "dead"
