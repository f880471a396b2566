"""What a patient reads on the phone: plain words, no stored keys, and why treatment waits."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from knotwork.domain import safety
from knotwork.intake.models import InstrumentResponse
from knotwork.intake.services.instruments import assign_instrument
from tests.conftest import Personas
from tests.intake.conftest import fill, post_step, start, valid_steps


def test_its_review_lists_only_what_the_patient_answered_with_a_way_to_change_each_step(
    personas: Personas, patient_client: Client
) -> None:
    intake_id = start(patient_client, personas.patient.pk)
    steps = valid_steps()
    onset = timezone.localdate() - timedelta(days=100)
    steps["onset"] = {"onset_date": onset.isoformat()}
    fill(patient_client, intake_id, steps)

    page = patient_client.get(f"/intake/{intake_id}/review/").content.decode()

    # The weeks counted from the date are stored for the clinic, not asked: no bare "weeks".
    assert "<dt>weeks</dt>" not in page
    assert "How long have you had it" not in page
    assert onset.strftime("%B %Y") in page
    assert f'href="/intake/{intake_id}/onset/"' in page


def test_it_says_which_numbers_to_choose_when_the_stress_answer_is_not_0_to_10(
    personas: Personas, patient_client: Client
) -> None:
    intake_id = start(patient_client, personas.patient.pk)
    fill(patient_client, intake_id, valid_steps(), upto="positions")

    refused = post_step(patient_client, intake_id, "daily", {"sleep": "good", "stress": "11"})

    page = refused.content.decode()
    assert refused.status_code == 422
    assert "Choose a number from 0 to 10." in page
    assert "Select a valid choice" not in page


def test_its_error_summary_does_not_put_a_colon_after_a_question_mark(
    personas: Personas, patient_client: Client
) -> None:
    intake_id = start(patient_client, personas.patient.pk)
    fill(patient_client, intake_id, valid_steps(), upto="where")
    tomorrow = timezone.localdate() + timedelta(days=1)

    refused = post_step(patient_client, intake_id, "onset", {"onset_date": tomorrow.isoformat()})

    page = refused.content.decode()
    assert "When did it start? The start date cannot be in the future." in page
    assert "?:" not in page


def test_my_page_tells_the_patient_to_see_a_doctor_while_a_clearance_is_pending(
    personas: Personas, patient_client: Client
) -> None:
    assert "Please see a doctor" not in patient_client.get("/me/").content.decode()
    intake_id = start(patient_client, personas.patient.pk)
    fill(patient_client, intake_id, valid_steps(rf_weight_loss=True))
    patient_client.post(f"/intake/{intake_id}/review/")

    assert "Please see a doctor before your next treatment" in (
        patient_client.get("/me/").content.decode()
    )
    # A clear screen on the day does not hide the earlier answer that still waits.
    screen = patient_client.post(
        f"/patients/{personas.patient.pk}/pre-session/",
        {question: "no" for question in safety.pre_session_questions()},
        follow=True,
    )
    assert screen.status_code == 200
    assert "a doctor still needs to check one of your earlier answers" in (screen.content.decode())


def test_a_questionnaire_with_too_few_answers_says_how_many_to_answer_and_saves_nothing(
    personas: Personas, patient_client: Client
) -> None:
    assignment = assign_instrument(
        actor=personas.therapist_a, patient=personas.patient, instrument="odi"
    )
    page = patient_client.get(f"/questionnaires/{assignment.pk}/").content.decode()
    assert "You may leave up to 2 questions blank." in page

    refused = patient_client.post(f"/questionnaires/{assignment.pk}/", {"item_1": "1"})

    assert refused.status_code == 422
    assert "Please answer at least 8 of the 10 questions (you have answered 1)." in (
        refused.content.decode()
    )
    assert not InstrumentResponse.objects.exists()


def test_the_functional_scale_asks_for_each_activity_and_then_how_well_it_goes(
    personas: Personas, patient_client: Client
) -> None:
    assignment = assign_instrument(
        actor=personas.therapist_a, patient=personas.patient, instrument="psfs"
    )

    page = patient_client.get(f"/questionnaires/{assignment.pk}/").content.decode()

    assert "Activity 1: what is it?" in page
    assert "How well can you do activity 1 today?" in page


def test_its_steps_speak_to_the_patient_not_about_them(
    personas: Personas, patient_client: Client
) -> None:
    intake_id = start(patient_client, personas.patient.pk)
    fill(patient_client, intake_id, valid_steps(), upto="start")

    onset = patient_client.get(f"/intake/{intake_id}/onset/").content.decode()
    positions = patient_client.get(f"/intake/{intake_id}/positions/").content.decode()

    assert "Acute under 4 weeks" not in onset and "subacute 4 to 12" not in onset
    assert "wakes them" not in positions and "without organ findings" not in positions
