"""The short screen before each session: inflammation that day keeps that session from happening."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from knotwork.domain import safety
from knotwork.intake.models import PreSessionScreen
from knotwork.intake.services import gate_for
from knotwork.intake.services.safety import record_intake_screen
from knotwork.painmaps.models import DrawnVia
from knotwork.painmaps.services import record_pain_map
from tests.conftest import Personas
from tests.intake.conftest import client_of

INFLAMMATION = "ps_inflammation"


def clear_intake(personas: Personas) -> None:
    record_intake_screen(
        actor=personas.patient_user,
        patient=personas.patient,
        answers={f: False for f in safety.red_flags()},
    )


def post_screen(client: Client, personas: Personas, **fields: object):
    return client.post(
        f"/api/v1/patients/{personas.patient.pk}/pre-session-screens",
        fields,
        content_type="application/json",
    )


def all_no(**yes: bool) -> dict[str, bool]:
    return {q: yes.get(q, False) for q in safety.pre_session_questions()}


def test_inflammation_today_closes_the_gate_as_the_same_answer_at_intake_would(
    personas: Personas, patient_client: Client
) -> None:
    clear_intake(personas)

    saved = post_screen(patient_client, personas, answers=all_no(ps_inflammation=True))

    assert saved.status_code == 201
    assert "do not have treatment today" in saved.json()["message"]
    session = gate_for(personas.patient, "record_session")
    assert not session.open
    assert [o.key for o in session.outstanding] == [INFLAMMATION]
    # Urgent, as at intake: no course either until a physician's clearance is recorded.
    assert not gate_for(personas.patient, "start_course").open


def test_a_new_day_needs_a_new_screen_and_a_clean_one_opens_it(
    personas: Personas, therapist_client: Client
) -> None:
    clear_intake(personas)
    yesterday = timezone.localdate() - timedelta(days=1)
    post_screen(therapist_client, personas, screened_on=yesterday.isoformat(), answers=all_no())
    assert gate_for(personas.patient, "record_session", on=yesterday).open

    today_unscreened = gate_for(personas.patient, "record_session")
    assert "Today's pre-session screen has not been done." in today_unscreened.reasons
    post_screen(therapist_client, personas, answers=all_no())

    assert gate_for(personas.patient, "record_session").open


def test_the_inflammation_question_is_always_asked(
    personas: Personas, patient_client: Client
) -> None:
    record_pain_map(
        actor=personas.patient_user,
        patient=personas.patient,
        marks=[{"region": "jaw_left", "intensity": 4}],
        via=DrawnVia.PATIENT,
    )

    page = patient_client.get(f"/patients/{personas.patient.pk}/pre-session/").content.decode()

    assert safety.pre_session_questions()[INFLAMMATION].question in page


def test_it_refuses_an_incomplete_screen_naming_the_question_and_saves_nothing(
    personas: Personas, patient_client: Client
) -> None:
    answers = all_no()
    del answers[INFLAMMATION]

    refused = post_screen(patient_client, personas, answers=answers)

    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == f"answers.{INFLAMMATION}"
    assert not PreSessionScreen.objects.exists()


def test_a_patient_answers_for_today_only(personas: Personas, patient_client: Client) -> None:
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()

    refused = post_screen(patient_client, personas, screened_on=yesterday, answers=all_no())

    assert refused.status_code == 422
    assert not PreSessionScreen.objects.exists()


def test_the_page_records_the_screen_and_shows_the_therapist_the_session_gate(
    personas: Personas, therapist_client: Client
) -> None:
    clear_intake(personas)
    data = {q: "no" for q in safety.pre_session_questions()}
    data[INFLAMMATION] = "yes"
    data["screened_on"] = timezone.localdate().isoformat()

    page = therapist_client.post(f"/patients/{personas.patient.pk}/pre-session/", data, follow=True)
    # Reloading the result page shows it again and records nothing more.
    again = therapist_client.get(page.redirect_chain[-1][0])

    assert page.status_code == 200
    body = page.content.decode()
    assert "Safety gate closed" in body and "hot, red or swollen" in body
    assert PreSessionScreen.objects.get().urgency == "urgent"
    assert again.status_code == 200 and "Safety gate closed" in again.content.decode()


def test_clinic_b_and_other_patients_get_nothing(personas: Personas) -> None:
    for user in (personas.therapist_b, personas.other_patient_user):
        client = client_of(user)
        assert post_screen(client, personas, answers=all_no()).status_code == 404
        assert client.get(f"/patients/{personas.patient.pk}/pre-session/").status_code == 404
    assert not PreSessionScreen.objects.exists()
