"""Red flags after session one: a check-in closes the gate as the same answer at intake would."""

from __future__ import annotations

import pytest
from django.core import mail

from knotwork.audit.models import AuditEntry
from knotwork.courses.checkins import answer_check_in
from knotwork.courses.services import GateClosed, record_session, start_course
from knotwork.domain import safety
from knotwork.intake.models import CheckInScreen, ClinicAlert
from knotwork.intake.services import gate_for
from knotwork.intake.services.safety import GateClosed as LiveGateClosed
from knotwork.intake.services.safety import SafetyInputError, record_clearance
from knotwork.live.models import LiveSession
from knotwork.live.services import start_live_session
from tests.conftest import Personas
from tests.courses.conftest import POINT, Clock, client_of, hold, ready_patient, screen_today


@pytest.fixture
def course(personas: Personas, clock: Clock):
    ready_patient(personas)
    found = start_course(
        actor=personas.therapist_a, patient=personas.patient, start_date=clock.today()
    )
    hold(personas, found, 1, clock, pre=5, post=3)
    return found


def answer(personas: Personas, course, clock: Clock, symptoms: list[str]):
    check_in = course.treatment_sessions.get(number=1).check_in
    clock.at(check_in.ask_at)
    return client_of(personas.patient_user).post(
        f"/check-ins/{check_in.pk}/",
        {"soreness": 2, "pain": 3, "symptoms": symptoms},
        follow=True,
    )


def test_a_fever_in_the_check_in_closes_the_gate_until_a_clearance(
    personas: Personas, clock: Clock, course
) -> None:
    page = answer(personas, course, clock, ["fever"])

    # The patient reads the same message as for the pre-session screen's answer.
    assert "do not have treatment today" in page.content.decode()
    clock.advance(days=3)
    screen_today(personas, clock.today())
    session = course.treatment_sessions.get(number=2)
    with pytest.raises(GateClosed, match="Physician clearance required"):
        record_session(
            actor=personas.therapist_a,
            session=session,
            held_at=clock.now,
            fields={"pre_nprs": 4},
            points=[POINT],
        )
    with pytest.raises(LiveGateClosed, match="Physician clearance required"):
        start_live_session(actor=personas.therapist_a, patient=personas.patient)
    assert not LiveSession.objects.exists()
    assert not gate_for(personas.patient, "start_course").open

    record_clearance(
        actor=personas.therapist_a,
        patient=personas.patient,
        cleared_by="Dr Lee, GP",
        cleared_on=clock.today(),
        keys=["ps_inflammation"],
    )
    assert gate_for(personas.patient, "record_session", on=clock.today()).open
    start_live_session(actor=personas.therapist_a, patient=personas.patient)


def test_the_check_in_screen_is_audited_like_the_intakes(
    personas: Personas, clock: Clock, course
) -> None:
    answer(personas, course, clock, ["limb_swelling"])

    screen = CheckInScreen.objects.get()
    assert screen.urgency == "urgent"
    entry = AuditEntry.objects.get(subject="check_in_screen")
    assert entry.detail == "urgency: urgent; findings: ps_dvt"
    assert entry.patient_id == personas.patient.pk


def test_a_bladder_change_in_the_check_in_stops_and_alerts_the_clinic(
    personas: Personas, clock: Clock, course, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        page = answer(personas, course, clock, ["bladder_bowel_change"])

    assert safety.messages()["emergency"].split(".")[0] in page.content.decode()
    alert = ClinicAlert.objects.get(kind="emergency")
    assert "aftercare check-in" in alert.message
    admin_mails = [m for m in mail.outbox if m.to == ["admin.a@example.com"]]
    assert len(admin_mails) == 1 and "emergency answer" in str(admin_mails[0].subject)
    assert not gate_for(personas.patient, "start_course").open


def test_symptoms_that_are_no_red_flag_leave_the_gate_as_it_was(
    personas: Personas, clock: Clock, course
) -> None:
    check_in = course.treatment_sessions.get(number=1).check_in
    clock.at(check_in.ask_at)
    answer_check_in(actor=personas.patient_user, check_in=check_in, soreness=1, pain=2)

    assert not CheckInScreen.objects.exists()
    clock.advance(days=3)
    screen_today(personas, clock.today())
    assert gate_for(personas.patient, "record_session", on=clock.today()).open


def test_a_clearance_dated_before_the_check_in_finding_is_refused(
    personas: Personas, clock: Clock, course
) -> None:
    answer(personas, course, clock, ["fever"])

    with pytest.raises(SafetyInputError) as refused:
        record_clearance(
            actor=personas.therapist_a,
            patient=personas.patient,
            cleared_by="Dr Lee, GP",
            cleared_on=clock.today().replace(year=clock.today().year - 2),
            keys=["ps_inflammation"],
        )
    assert refused.value.field == "cleared_on"


def test_the_session_page_shows_the_ticked_symptoms_in_words_not_ids(
    personas: Personas, clock: Clock, course
) -> None:
    answer(personas, course, clock, ["limb_swelling", "new_numbness"])
    session = course.treatment_sessions.get(number=1)

    page = client_of(personas.therapist_a).get(f"/sessions/{session.pk}/").content.decode()

    assert "soreness 2, pain 3, a swollen arm or leg, new numbness" in page
    assert "limb_swelling" not in page and "new_numbness" not in page
