"""One active course per patient, under concurrency too: the service locks the patient's row and
the database's partial unique constraint backs the rule."""

from __future__ import annotations

import threading

import pytest
from django.db import IntegrityError, connections, transaction

from knotwork.courses.models import Course, CourseStatus
from knotwork.courses.services import CourseError, start_course
from tests.conftest import Personas
from tests.courses.conftest import Clock, ready_patient


def test_the_database_refuses_a_second_active_course(personas: Personas, clock: Clock) -> None:
    ready_patient(personas)
    course = start_course(
        actor=personas.therapist_a, patient=personas.patient, start_date=clock.today()
    )
    copy = Course.objects.get(pk=course.pk)
    copy.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()
    # An ended course does not count: the next one may start.
    copy.status = CourseStatus.ENDED
    copy.save()
    assert personas.patient.courses.filter(status=CourseStatus.ACTIVE).count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres_only  # the in-memory SQLite test database has no concurrent writers
def test_two_simultaneous_starts_make_one_course(personas: Personas, clock: Clock) -> None:
    ready_patient(personas)
    start_line = threading.Barrier(2)
    outcomes: list[str] = []

    def start() -> None:
        try:
            start_line.wait()
            start_course(
                actor=personas.therapist_a, patient=personas.patient, start_date=clock.today()
            )
            outcomes.append("started")
        except CourseError as error:
            outcomes.append(str(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=start) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == [
        "This patient already has an active course. End it first.",
        "started",
    ]
    assert personas.patient.courses.count() == 1
