"""Aftercare: the check-in opens at 24 h (before, the patient sees when), what to expect after a
session on the page and by mail, absolute links in every mail, and the check-in's API."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import override_settings

from knotwork.courses.checkins import CheckInNotOpen, answer_check_in, process_check_in
from knotwork.courses.services import start_course
from knotwork.domain.protocol import what_to_expect
from knotwork.intake.models import CheckInScreen
from tests.conftest import Personas, api_client
from tests.courses.conftest import Clock, client_of, hold, ready_patient

BASE = "https://clinic.example.org"


@pytest.fixture
def check_in(personas: Personas, clock: Clock, django_capture_on_commit_callbacks):
    ready_patient(personas)
    course = start_course(
        actor=personas.therapist_a, patient=personas.patient, start_date=clock.today()
    )
    with (
        override_settings(KNOTWORK_BASE_URL=BASE),
        django_capture_on_commit_callbacks(execute=True),
    ):
        return hold(personas, course, 1, clock, pre=5, post=3).check_in


def patient_mails() -> list[str]:
    return [str(m.body) for m in mail.outbox if m.to == ["pat@example.com"]]


def test_the_check_in_opens_at_24_hours_and_says_when_before(
    personas: Personas, clock: Clock, check_in
) -> None:
    patient = client_of(personas.patient_user)
    clock.advance(minutes=4)

    page = patient.get(f"/check-ins/{check_in.pk}/").content.decode()
    assert "This check-in opens on <strong>Tue 4 Mar at 09:00</strong>" in page
    assert 'name="soreness"' not in page
    home = patient.get("/me/").content.decode()
    assert "Your check-in about session 1 opens on" in home
    with pytest.raises(CheckInNotOpen, match="opens on Tue 4 Mar at 09:00"):
        answer_check_in(actor=personas.patient_user, check_in=check_in, soreness=1, pain=1)
    early = api_client(personas.patient_user).post(
        f"/api/v1/check-ins/{check_in.pk}/answer",
        {"soreness": 1, "pain": 1},
        content_type="application/json",
    )
    assert early.status_code == 409 and "opens on" in early.json()["detail"]

    clock.at(check_in.ask_at)
    page = client_of(personas.patient_user).get(f"/check-ins/{check_in.pk}/").content.decode()
    assert 'name="soreness"' in page
    answer_check_in(actor=personas.patient_user, check_in=check_in, soreness=1, pain=1)


def test_the_patient_sees_and_gets_by_mail_what_to_expect_in_plain_words(
    personas: Personas, clock: Clock, check_in
) -> None:
    home = client_of(personas.patient_user).get("/me/").content.decode()

    assert "After session 1: what to expect" in home
    assert "fades within 24 to 36 hours" in home
    assert "more relaxed for 4 to 14 days. With a lot of stress it is usually fewer days" in home
    assert "Contact your clinic if the soreness is getting worse" in home
    [body] = patient_mails()
    assert "fades within 24 to 36 hours" in body and "4 to 14 days" in body
    assert f"{BASE}/me/" in body


def test_what_to_expect_names_no_source_key_or_section() -> None:
    texts = [e.text for e in what_to_expect(relief_shortest_days=4, relief_longest_days=14)]
    for text in texts:
        assert not re.search(r"\b[A-Z]{2,}-[A-Z0-9]+\b|\b[A-G]\.\d\b", text), text


def test_every_mail_the_worker_sends_links_absolutely(
    personas: Personas, clock: Clock, check_in, django_capture_on_commit_callbacks
) -> None:
    mail.outbox.clear()
    with override_settings(KNOTWORK_BASE_URL=BASE):
        assert process_check_in(check_in.pk, now=check_in.ask_at) == "ask"
        clock.at(check_in.ask_at)
        with django_capture_on_commit_callbacks(execute=True):
            answer_check_in(
                actor=personas.patient_user,
                check_in=check_in,
                soreness=2,
                pain=2,
                symptoms=["bladder_bowel_change"],
            )
    links = [line for m in mail.outbox for line in str(m.body).split() if "/" in line]
    assert links, "the mails carry links"
    assert all(link.startswith(BASE + "/") for link in links if link.startswith(("/", "http")))
    recipients = {tuple(m.to) for m in mail.outbox}
    assert recipients == {
        ("pat@example.com",),
        ("therapist.a@example.com",),
        ("admin.a@example.com",),
    }


def test_the_api_answers_a_check_in_with_the_pages_message_and_refusals(
    personas: Personas, clock: Clock, check_in
) -> None:
    clock.at(check_in.ask_at)
    patient = api_client(personas.patient_user)
    url = f"/api/v1/check-ins/{check_in.pk}/answer"

    unknown = patient.post(
        url, {"soreness": 1, "pain": 1, "symptoms": ["hiccups"]}, content_type="application/json"
    )
    too_big = patient.post(url, {"soreness": 11, "pain": 1}, content_type="application/json")
    answered = patient.post(
        url, {"soreness": 2, "pain": 3, "symptoms": ["fever"]}, content_type="application/json"
    )
    staff = api_client(personas.therapist_a).post(
        url, {"soreness": 2, "pain": 3}, content_type="application/json"
    )

    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "symptoms"
    assert too_big.status_code == 422 and too_big.json()["errors"][0]["field"] == "soreness"
    assert answered.status_code == 201
    assert answered.json()["symptoms"] == ["fever"]
    assert "do not have treatment today" in answered.json()["message"]
    assert CheckInScreen.objects.filter(patient=personas.patient).count() == 1
    assert staff.status_code == 404
