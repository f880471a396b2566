"""The home-care handout is made when the session is signed (by the worker, queued on commit),
stored, and served from storage; an amendment that changes the points treated makes a new
version, one that changes only the notes or scores does not."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from knotwork.audit.models import AuditEntry
from knotwork.reports.models import Report
from tests.conftest import Personas
from tests.courses.conftest import POINT, hold, ready_patient
from tests.reports.conftest import client_of, pdf_text

TASK = "knotwork.reports.tasks.make_handout"


def run_worker() -> None:
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


def handouts() -> list[tuple[int, str]]:
    rows = Report.objects.filter(kind="home_care").order_by("version")
    return list(rows.values_list("version", "title"))


@pytest.fixture
def signed(personas: Personas, clock: Any) -> Any:
    """Session 1 of a course, recorded and signed by the therapist (nothing downloaded yet)."""
    from knotwork.courses.services import start_course

    ready_patient(personas)
    course = start_course(
        actor=personas.therapist_a, patient=personas.patient, start_date=clock.today()
    )
    return hold(personas, course, 1, clock, pre=7, post=4)


@pytest.mark.django_db(transaction=True)
def test_signing_stores_the_handout_and_the_download_serves_the_stored_file(
    signed: Any, personas: Personas
) -> None:
    # Signing queued the handout for the worker; nobody has asked for it yet.
    assert DBTaskResult.objects.filter(task_path=TASK, status="READY").count() == 1
    assert handouts() == []

    run_worker()

    (stored,) = Report.objects.filter(kind="home_care", session=signed)
    assert stored.is_done and stored.version == 1 and stored.created_by == personas.therapist_a
    made = AuditEntry.objects.get(subject="home_care", action="create")
    assert "when the session was signed" in made.detail
    # The patient's page lists it, and the download is the stored file itself.
    patient = client_of(personas.patient_user)
    assert f'href="/sessions/{signed.pk}/home-care.pdf"' in patient.get("/me/").content.decode()
    download = patient.get(f"/sessions/{signed.pk}/home-care.pdf")
    assert download.status_code == 200 and download.content == stored.content()
    assert "Quadratus lumborum" in pdf_text(download.content)
    assert handouts() == [(1, "Home care after session 1")]
    read = AuditEntry.objects.filter(subject="home_care", action="read")
    assert [e.detail for e in read] == [
        "downloaded Home care after session 1, via the patient's own page"
    ]


@pytest.mark.django_db(transaction=True)
def test_an_amendment_of_the_points_treated_makes_a_new_version(
    signed: Any, personas: Personas
) -> None:
    from knotwork.courses.services import amend_session

    run_worker()
    # The notes and scores are not on the handout: no new version for them.
    amend_session(
        actor=personas.therapist_a,
        session=signed,
        fields={"post_nprs": 3},
        points=None,
        reason="Typed the wrong score.",
    )
    assert DBTaskResult.objects.filter(task_path=TASK, status="READY").count() == 0
    patient = client_of(personas.patient_user)
    first = patient.get(f"/sessions/{signed.pk}/home-care.pdf").content
    assert "Gluteus medius" not in pdf_text(first)

    amend_session(
        actor=personas.therapist_a,
        session=signed,
        fields={},
        points=[POINT, {**POINT, "muscle": "gluteus_medius", "trigger_point": "main"}],
        reason="Forgot the gluteus medius point.",
    )
    run_worker()

    assert [version for version, _ in handouts()] == [1, 2]
    latest = patient.get(f"/sessions/{signed.pk}/home-care.pdf").content
    assert latest == Report.objects.get(kind="home_care", version=2).content()
    text = pdf_text(latest)
    assert "Gluteus medius" in text and "Quadratus lumborum" in text
    made = AuditEntry.objects.filter(subject="home_care", action="create").order_by("id")
    assert ["version 2" in e.detail and "amendment" in e.detail for e in made] == [False, True]


def test_a_session_not_yet_signed_has_no_handout(personas: Personas, clock: Any) -> None:
    from knotwork.courses.services import record_session, start_course
    from tests.courses.conftest import screen_today

    ready_patient(personas)
    course = start_course(
        actor=personas.therapist_a, patient=personas.patient, start_date=clock.today()
    )
    session = course.treatment_sessions.get(number=1)
    screen_today(personas, clock.today())
    record_session(
        actor=personas.therapist_a,
        session=session,
        held_at=clock.now,
        fields={"pre_nprs": 6, "post_nprs": 4},
        points=[POINT],
    )
    patient = client_of(personas.patient_user)

    assert "home-care.pdf" not in patient.get("/me/").content.decode()
    assert patient.get(f"/sessions/{session.pk}/home-care.pdf").status_code == 404
    assert handouts() == []
