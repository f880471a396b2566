"""The real worker (django-tasks-db), stopped and restarted with check-ins pending.

Runs with real commits (transaction=True) because the worker manages its own transactions and
the nudge tasks are enqueued on commit, as in production. The clock is controlled: the worker
picks tasks whose run_after has passed by `timezone.now()`, which the `clock` fixture sets.
"""

from __future__ import annotations

from collections import Counter

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from knotwork.courses.models import CheckIn, CheckInNudge
from knotwork.courses.services import start_course
from knotwork.courses.tasks import SWEEP_EVERY, SWEEP_TASK_PATH
from tests.conftest import Personas
from tests.courses.conftest import Clock, hold, ready_patient

NUDGE_PATH = "knotwork.courses.tasks.nudge_check_in"


def run_worker(max_tasks: int | None = None) -> None:
    """One worker process's life: run what is due (or `max_tasks` of it), then stop."""
    call_command(
        "db_worker", batch=True, startup_delay=False, reload=False, max_tasks=max_tasks, verbosity=0
    )


def nudge_mails() -> list[object]:
    """The check-in questions mailed (not the what-to-expect mail sent when a session is held)."""
    return [m for m in mail.outbox if m.subject != "After your session: what to expect"]


def sent_per_check_in() -> Counter[tuple[int, str]]:
    return Counter(CheckInNudge.objects.values_list("check_in_id", "kind"))


@pytest.mark.django_db(transaction=True)
def test_it_loses_no_check_in_and_sends_none_twice_across_worker_restarts(
    personas: Personas, clock: Clock
) -> None:
    ready_patient(personas)
    course = start_course(
        actor=personas.therapist_a, patient=personas.patient, start_date=clock.today()
    )
    hold(personas, course, 1, clock, pre=6, post=3)
    first = CheckIn.objects.get()
    # Three nudge tasks (ask, remind, close) and one sweep are queued on commit.
    assert DBTaskResult.objects.filter(task_path=NUDGE_PATH).count() == 3
    assert DBTaskResult.objects.filter(task_path=SWEEP_TASK_PATH).count() == 1

    # 24 h later the worker asks, then stops after one task (a restart).
    clock.at(first.ask_at)
    run_worker(max_tasks=1)
    assert sent_per_check_in() == {(first.pk, "ask"): 1}
    assert len(nudge_mails()) == 1

    # The worker is down past the reminder time. Meanwhile the second session's check-in is
    # created, and its queued tasks are lost (the web process died before its commit hook).
    clock.advance(days=3)
    hold(personas, course, 2, clock, pre=5, post=3)
    second = CheckIn.objects.exclude(pk=first.pk).get()
    DBTaskResult.objects.filter(task_path=NUDGE_PATH, args_kwargs__args=[second.pk]).delete()
    # A task running when its worker died stays RUNNING (django-tasks-db never retries it) until
    # KNOTWORK_TASK_TIMEOUT has passed (tests/common/test_worker.py); the sweep covers it meanwhile.
    clock.at(second.ask_at)
    stuck = DBTaskResult.objects.filter(task_path=NUDGE_PATH, status="READY").first()
    assert stuck is not None
    DBTaskResult.objects.filter(pk=stuck.pk).update(status="RUNNING")

    # A restarted worker runs what is due, the sweep included: it finds the lost check-in.
    clock.advance(minutes=SWEEP_EVERY.total_seconds() / 60)
    run_worker()
    run_worker()
    assert sent_per_check_in() == {(first.pk, "ask"): 1, (second.pk, "ask"): 1}
    # The first check-in's window closed while the worker was down: no late reminder is sent.
    assert not first.nudges.filter(kind="remind").exists()

    # At 36 h the second patient has not answered: exactly one reminder, however often we run.
    clock.at(second.remind_at)
    clock.advance(minutes=1)
    for _ in range(3):
        DBTaskResult.objects.filter(task_path=SWEEP_TASK_PATH, status="READY").update(
            run_after=clock.now
        )
        run_worker()
    assert sent_per_check_in() == {
        (first.pk, "ask"): 1,
        (second.pk, "ask"): 1,
        (second.pk, "remind"): 1,
    }
    assert len(nudge_mails()) == 3
    # The sweep keeps exactly one successor queued.
    assert DBTaskResult.objects.filter(task_path=SWEEP_TASK_PATH, status="READY").count() == 1
