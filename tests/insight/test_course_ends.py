"""The insight sweep records each closed course's end-of-course result (the summary page's
rule), once, and the page counts it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from knotwork.audit.models import AuditEntry
from knotwork.insight.models import CourseEnd
from knotwork.insight.services import record_course_ends
from knotwork.insight.tasks import SWEEP_TASK_PATH, ensure_sweep_scheduled

from .conftest import Builder

pytestmark = pytest.mark.django_db


def test_it_records_the_result_of_a_closed_course(clinic_a: Builder) -> None:
    # NPRS 7 at baseline, 3 before each later session: down by its MCID (2 points or 30 %).
    better = clinic_a.course(
        clinic_a.patient({"low_back_left": 6}), held=4, baseline_nprs=7, pre_nprs=3
    )
    unscored = clinic_a.course(clinic_a.patient({"low_back_left": 6}), held=2, closed="ended")
    running = clinic_a.course(clinic_a.patient({"low_back_left": 6}), held=2)
    assert record_course_ends(now=timezone.now()) == 2
    ends = {end.course_id: end for end in CourseEnd.objects.all()}
    assert ends[better.pk].outcome == "responding"
    assert ends[better.pk].sessions_held == 4
    assert ends[unscored.pk].outcome == "insufficient_data"
    assert running.pk not in ends
    entry = AuditEntry.objects.get(subject="insight")
    assert entry.clinic_id == clinic_a.clinic.pk
    assert "2 course(s)" in entry.detail


def test_it_records_a_result_once_and_again_when_the_course_closes_again(
    clinic_a: Builder,
) -> None:
    course = clinic_a.course(clinic_a.patient({"low_back_left": 6}), held=2, closed="referred")
    assert record_course_ends(now=timezone.now()) == 1
    assert record_course_ends(now=timezone.now()) == 0
    course.ended_at = timezone.now()
    course.save(update_fields=["ended_at"])
    assert record_course_ends(now=timezone.now()) == 1
    assert CourseEnd.objects.count() == 1


def test_it_counts_responders_at_the_end_on_the_page(clinic_a: Builder, personas) -> None:
    for _ in range(6):
        clinic_a.course(
            clinic_a.patient({"neck_front_left": 5}), held=4, baseline_nprs=7, pre_nprs=3
        )
    for _ in range(2):
        clinic_a.course(clinic_a.patient({"neck_front_left": 5}), held=1, closed="ended")
    record_course_ends(now=timezone.now())
    client = Client()
    client.force_login(personas.therapist_a)
    response = client.get("/insight/end_results.csv")
    rows = {row.split(",")[0]: row for row in response.content.decode().splitlines()}
    assert rows["Responding"].startswith("Responding,6,75%")
    assert "fewer than 5" in rows["Not re-scored (no result)"]
    assert rows["Patients with a closed course"] == "Patients with a closed course,8,"


def test_it_keeps_one_sweep_queued() -> None:
    assert ensure_sweep_scheduled() is True
    assert ensure_sweep_scheduled() is False
    assert DBTaskResult.objects.filter(task_path=SWEEP_TASK_PATH, status="READY").count() == 1
