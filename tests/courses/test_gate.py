"""The safety gate: a red flag at the pre-session check blocks that session."""

from __future__ import annotations

import pytest

from knotwork.audit.models import AuditAction, AuditEntry
from knotwork.courses.models import CheckIn
from knotwork.courses.services import GateClosed, record_session, start_course
from knotwork.intake.services.safety import record_clearance
from tests.conftest import Personas
from tests.courses.conftest import POINT, Clock, client_of, ready_patient, screen_today


def test_it_refuses_to_start_a_course_before_the_red_flag_screen(
    personas: Personas, clock: Clock
) -> None:
    with pytest.raises(GateClosed, match="No red-flag screen"):
        start_course(actor=personas.therapist_a, patient=personas.patient, start_date=clock.today())

    page = client_of(personas.therapist_a).get(f"/patients/{personas.patient.pk}/course/new/")
    assert "Safety gate closed" in page.content.decode()
    assert f"/patients/{personas.patient.pk}/" in page.content.decode().split("Safety gate")[1]
    assert not personas.patient.courses.exists()


def test_the_course_page_and_the_patient_page_show_the_gate_alike(personas: Personas) -> None:
    therapist = client_of(personas.therapist_a)
    course_page = therapist.get(f"/patients/{personas.patient.pk}/course/new/").content.decode()
    patient_page = therapist.get(f"/patients/{personas.patient.pk}/").content.decode()
    for page in (course_page, patient_page):
        assert '<div class="gate closed" data-gate="start_course" role="status">' in page
        assert "<strong>Safety gate closed</strong>" in page
    # One style for it, in the site's stylesheet that every page loads.
    assert "shut" not in course_page and "/static/web/app.css" in course_page


def test_it_blocks_a_session_when_the_pre_session_check_finds_inflammation(
    personas: Personas, clock: Clock
) -> None:
    ready_patient(personas)
    course = start_course(
        actor=personas.therapist_a, patient=personas.patient, start_date=clock.today()
    )
    session = course.treatment_sessions.get(number=1)
    screen_today(personas, clock.today(), ps_inflammation=True)

    therapist = client_of(personas.therapist_a)
    response = therapist.post(
        f"/sessions/{session.pk}/record/",
        {
            "held_at": clock.now.strftime("%Y-%m-%dT%H:%M"),
            "pre_nprs": 6,
            "points-TOTAL_FORMS": 0,
            "points-INITIAL_FORMS": 0,
        },
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "safety gate is shut" in page and "hot, red or swollen" in page
    session.refresh_from_db()
    assert not session.is_held
    assert not CheckIn.objects.exists()
    with pytest.raises(GateClosed):
        record_session(
            actor=personas.therapist_a,
            session=session,
            held_at=clock.now,
            fields={"pre_nprs": 6},
            points=[POINT],
        )


def test_it_records_the_session_on_another_day_once_the_inflammation_is_cleared(
    personas: Personas, clock: Clock
) -> None:
    ready_patient(personas)
    course = start_course(
        actor=personas.therapist_a, patient=personas.patient, start_date=clock.today()
    )
    screen_today(personas, clock.today(), ps_inflammation=True)
    clock.advance(days=3)
    screen_today(personas, clock.today())
    session = course.treatment_sessions.get(number=1)
    with pytest.raises(GateClosed, match="Physician clearance required"):
        record_session(
            actor=personas.therapist_a,
            session=session,
            held_at=clock.now,
            fields={"pre_nprs": 6},
            points=[POINT],
        )
    record_clearance(
        actor=personas.therapist_a,
        patient=personas.patient,
        cleared_by="Dr Lee, GP",
        cleared_on=clock.today(),
        keys=["ps_inflammation"],
    )

    record_session(
        actor=personas.therapist_a,
        session=session,
        held_at=clock.now,
        fields={"pre_nprs": 6},
        points=[POINT],
    )

    session.refresh_from_db()
    assert session.is_held and session.points.count() == 1


def gate_decisions(personas: Personas) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(patient_id=personas.patient.pk, action=AuditAction.GATE).order_by(
            "seq"
        )
    )


def test_it_audits_the_decision_that_acts_open_or_closed(personas: Personas, clock: Clock) -> None:
    with pytest.raises(GateClosed):
        start_course(actor=personas.therapist_a, patient=personas.patient, start_date=clock.today())
    ready_patient(personas)
    start_course(actor=personas.therapist_a, patient=personas.patient, start_date=clock.today())

    refused, started = gate_decisions(personas)
    assert "start_course" in refused.detail and "closed" in refused.detail
    assert "No red-flag screen" in refused.detail
    assert started.detail.endswith(": open")
    assert {refused.actor, started.actor} == {personas.therapist_a}


def test_opening_the_course_pages_writes_no_gate_decision(personas: Personas, clock: Clock) -> None:
    ready_patient(personas)
    therapist = client_of(personas.therapist_a)
    therapist.get(f"/patients/{personas.patient.pk}/")
    therapist.get(f"/patients/{personas.patient.pk}/course/new/")
    assert gate_decisions(personas) == []


def test_recording_a_session_audits_its_gate_decision(personas: Personas, clock: Clock) -> None:
    ready_patient(personas)
    course = start_course(
        actor=personas.therapist_a, patient=personas.patient, start_date=clock.today()
    )
    screen_today(personas, clock.today())
    record_session(
        actor=personas.therapist_a,
        session=course.treatment_sessions.get(number=1),
        held_at=clock.now,
        fields={"pre_nprs": 6},
        points=[POINT],
    )
    assert [e.subject_id for e in gate_decisions(personas)] == ["start_course", "record_session"]
