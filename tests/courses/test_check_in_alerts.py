"""Aftercare alerts: soreness not fading by 36 h, or a stop-and-refer symptom."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from knotwork.courses.checkins import CheckInError, answer_check_in, sweep
from knotwork.courses.services import start_course
from knotwork.courses.tasks import SWEEP_TASK_PATH
from knotwork.outbox.services import deliver_owed
from tests.conftest import Personas
from tests.courses.conftest import Clock, client_of, hold, ready_patient


@pytest.fixture
def check_in(personas: Personas, clock: Clock):
    ready_patient(personas)
    course = start_course(
        actor=personas.therapist_a, patient=personas.patient, start_date=clock.today()
    )
    return hold(personas, course, 1, clock, pre=5, post=3).check_in


def therapist_alerts() -> list[str]:
    """The therapist's mail once the outbox sent what it owes (the test's transaction never
    commits, so the on-commit send does not run: this is the sweep's send)."""
    deliver_owed()
    return [str(m.body) for m in mail.outbox if m.to == ["therapist.a@example.com"]]


def test_it_alerts_the_therapist_when_soreness_has_not_faded_by_36_hours(
    personas: Personas, clock: Clock, check_in
) -> None:
    clock.at(check_in.ask_at)
    sweep(now=clock.now)
    answer_check_in(actor=personas.patient_user, check_in=check_in, soreness=6, pain=5)
    assert therapist_alerts() == []

    clock.at(check_in.remind_at)
    assert sweep(now=clock.now) == 1, "a follow-up question at 36 h"
    answer_check_in(actor=personas.patient_user, check_in=check_in, soreness=6, pain=5)

    check_in.refresh_from_db()
    assert check_in.alert_reasons == ["Soreness not fading by 36 h: 6 against pre-session pain 5."]
    assert check_in.ease_next_session
    assert len(therapist_alerts()) == 1 and "not fading" in therapist_alerts()[0]
    page = client_of(personas.therapist_a).get(f"/courses/{check_in.session.course_id}/")
    assert "Aftercare alert after session 1" in page.content.decode()


def test_it_alerts_at_once_on_a_stop_and_refer_symptom(
    personas: Personas, clock: Clock, check_in
) -> None:
    clock.at(check_in.ask_at)  # the check-in opens at 24 h
    response = client_of(personas.patient_user).post(
        f"/check-ins/{check_in.pk}/", {"soreness": 2, "pain": 2, "symptoms": ["new_numbness"]}
    )

    assert response.status_code == 302
    assert len(therapist_alerts()) == 1 and "new numbness" in therapist_alerts()[0]


def test_it_reminds_once_when_unanswered_and_then_stops(
    personas: Personas, clock: Clock, check_in
) -> None:
    clock.at(check_in.ask_at)
    sweep(now=clock.now)
    clock.at(check_in.remind_at)
    sweep(now=clock.now)
    clock.advance(hours=40)
    sweep(now=clock.now)

    check_in.refresh_from_db()
    assert list(check_in.nudges.values_list("kind", flat=True)) == ["ask", "remind"]
    assert check_in.attempts == 2 and check_in.status == "closed"
    with pytest.raises(CheckInError, match="closed"):
        answer_check_in(actor=personas.patient_user, check_in=check_in, soreness=1, pain=1)


def test_it_refuses_an_answer_outside_0_to_10(personas: Personas, clock: Clock, check_in) -> None:
    response = client_of(personas.patient_user).post(
        f"/check-ins/{check_in.pk}/", {"soreness": 11, "pain": 2}
    )
    assert response.status_code == 400
    assert not check_in.answers.exists()


def test_it_sends_what_is_due_from_the_sweep_command_and_queues_the_next_sweep(
    personas: Personas, clock: Clock, check_in
) -> None:
    clock.at(check_in.ask_at)
    call_command("sweep_checkins", stdout=io.StringIO())
    call_command("sweep_checkins", stdout=io.StringIO())

    assert list(check_in.nudges.values_list("kind", flat=True)) == ["ask"]
    assert DBTaskResult.objects.filter(task_path=SWEEP_TASK_PATH, status="READY").count() == 1


def test_its_page_offers_0_to_10_as_buttons_and_names_symptoms_in_plain_words(
    personas: Personas, clock: Clock, check_in
) -> None:
    clock.at(check_in.ask_at)
    client = client_of(personas.patient_user)

    page = client.get(f"/check-ins/{check_in.pk}/").content.decode()
    half = client.post(f"/check-ins/{check_in.pk}/", {"soreness": 3})

    assert page.count('type="radio" name="soreness"') == 11
    assert "Bruising while taking blood thinners" in page
    assert "Bruising on anticoagulants" not in page
    assert half.status_code == 400
    assert "Nothing was saved." in half.content.decode()
    assert not check_in.answers.exists()


def test_it_invites_the_patient_to_the_check_in_only_once_it_is_due(
    personas: Personas, clock: Clock, check_in
) -> None:
    # A fresh login at each moment: the clock jumps further than a session lasts.
    clock.at(check_in.ask_at - timedelta(hours=20))
    early = client_of(personas.patient_user).get("/me/").content.decode()
    clock.at(check_in.ask_at)
    due = client_of(personas.patient_user).get("/me/").content.decode()

    link = f"/check-ins/{check_in.pk}/"
    assert link not in early
    assert link in due
