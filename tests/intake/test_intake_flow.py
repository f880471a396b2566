"""The intake on a phone: saved step by step, resumable, each step refused whole when invalid."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from knotwork.domain import safety
from knotwork.intake.forms.steps import duration_for
from knotwork.intake.models import (
    AssignmentStatus,
    Intake,
    IntakeStatus,
    RedFlagScreen,
)
from knotwork.painmaps.models import DrawnVia
from knotwork.painmaps.services import record_pain_map
from tests.conftest import Personas
from tests.intake.conftest import fill, post_step, red_flag_answers, start, valid_steps


def test_it_saves_each_step_and_resumes_where_the_patient_left_off(
    personas: Personas, patient_client: Client
) -> None:
    intake_id = start(patient_client, personas.patient.pk)
    fill(patient_client, intake_id, valid_steps(), upto="onset")

    # Coming back later (a new visit to the start page) continues the same draft at step 4.
    assert start(patient_client, personas.patient.pk) == intake_id
    resumed = patient_client.post(f"/patients/{personas.patient.pk}/intake/")
    assert resumed["Location"] == f"/intake/{intake_id}/start/"
    intake = Intake.objects.get(pk=intake_id)
    assert set(intake.answers) == {"reason", "where", "onset"}
    assert intake.answers["where"]["pain_types"] == ["low_back"]
    assert intake.filled_via == "patient"


def test_it_refuses_an_invalid_step_naming_the_field_and_saves_nothing(
    personas: Personas, patient_client: Client
) -> None:
    intake_id = start(patient_client, personas.patient.pk)
    fill(patient_client, intake_id, valid_steps(), upto="positions")
    before = Intake.objects.get(pk=intake_id).answers

    refused = post_step(
        patient_client, intake_id, "daily", {"work": "Office", "sleep": "good", "stress": "11"}
    )

    assert refused.status_code == 422
    page = refused.content.decode()
    assert "Nothing was saved" in page
    assert "how stressed have you felt" in page
    assert Intake.objects.get(pk=intake_id).answers == before


def test_it_refuses_a_red_flag_step_with_an_unanswered_question(
    personas: Personas, patient_client: Client
) -> None:
    intake_id = start(patient_client, personas.patient.pk)
    fill(patient_client, intake_id, valid_steps(), upto="history")
    answers = red_flag_answers()
    del answers["rf_cardiac"]

    refused = post_step(patient_client, intake_id, "red_flags", answers)

    assert refused.status_code == 422
    assert safety.red_flag("rf_cardiac").question in refused.content.decode()
    assert "red_flags" not in Intake.objects.get(pk=intake_id).answers
    assert not RedFlagScreen.objects.exists()


def test_its_live_check_names_only_the_changed_field_and_saves_nothing(
    personas: Personas, patient_client: Client
) -> None:
    intake_id = start(patient_client, personas.patient.pk)
    fill(patient_client, intake_id, valid_steps(), upto="positions")

    checked = patient_client.post(
        f"/intake/{intake_id}/daily/?check=1",
        {"stress": "12"},
        headers={"HX-Request": "true", "HX-Trigger-Name": "stress"},
    )

    body = checked.content.decode()
    assert 'id="id_stress_error"' in body and 'hx-swap-oob="true"' in body
    assert "Choose a number from 0 to 10." in body
    # The sleep question, not reached yet, gets no message.
    assert "id_sleep_error" not in body
    assert "daily" not in Intake.objects.get(pk=intake_id).answers


def test_it_does_not_open_a_step_before_the_earlier_ones_are_saved(
    personas: Personas, patient_client: Client
) -> None:
    intake_id = start(patient_client, personas.patient.pk)
    fill(patient_client, intake_id, valid_steps(), upto="reason")

    jumped = patient_client.get(f"/intake/{intake_id}/red_flags/")
    posted = post_step(patient_client, intake_id, "red_flags", red_flag_answers())

    assert jumped["Location"] == f"/intake/{intake_id}/where/"
    assert posted["Location"] == f"/intake/{intake_id}/where/"
    assert not RedFlagScreen.objects.exists()


@pytest.mark.parametrize(
    ("days_ago", "duration"),
    [(0, "acute"), (27, "acute"), (28, "subacute"), (83, "subacute"), (84, "chronic")],
)
def test_it_classes_the_duration_from_the_onset_date(days_ago: int, duration: str) -> None:
    today = timezone.localdate()
    assert duration_for(today - timedelta(days=days_ago), today) == duration


def test_it_stores_the_duration_computed_from_a_date_over_a_chosen_range(
    personas: Personas, patient_client: Client
) -> None:
    intake_id = start(patient_client, personas.patient.pk)
    fill(patient_client, intake_id, valid_steps(), upto="where")
    onset = timezone.localdate() - timedelta(days=100)

    post_step(
        patient_client, intake_id, "onset", {"onset_date": onset.isoformat(), "duration": "acute"}
    )

    saved = Intake.objects.get(pk=intake_id).answers["onset"]
    assert (saved["duration"], saved["weeks"]) == ("chronic", 14)


def test_it_refuses_an_onset_in_the_future(personas: Personas, patient_client: Client) -> None:
    intake_id = start(patient_client, personas.patient.pk)
    fill(patient_client, intake_id, valid_steps(), upto="where")
    tomorrow = timezone.localdate() + timedelta(days=1)

    refused = post_step(patient_client, intake_id, "onset", {"onset_date": tomorrow.isoformat()})

    assert refused.status_code == 422
    assert "cannot be in the future" in refused.content.decode()
    assert "onset" not in Intake.objects.get(pk=intake_id).answers


def test_it_refuses_a_factor_outside_the_finders_vocabulary(
    personas: Personas, patient_client: Client
) -> None:
    intake_id = start(patient_client, personas.patient.pk)
    fill(patient_client, intake_id, valid_steps(), upto="onset")

    refused = post_step(
        patient_client, intake_id, "start", {"started": "sudden", "factors": ["bad_luck"]}
    )

    assert refused.status_code == 422
    assert "start" not in Intake.objects.get(pk=intake_id).answers


def test_it_asks_only_the_red_flag_questions_of_the_pain_map_regions(
    personas: Personas, patient_client: Client
) -> None:
    record_pain_map(
        actor=personas.patient_user,
        patient=personas.patient,
        marks=[{"region": "neck_back_upper_left", "intensity": 5}],
        via=DrawnVia.PATIENT,
    )
    intake_id = start(patient_client, personas.patient.pk)
    steps = valid_steps()
    steps["where"] = {}
    fill(patient_client, intake_id, steps, upto="history")

    page = patient_client.get(f"/intake/{intake_id}/red_flags/").content.decode()

    assert safety.red_flag("rf_myelopathy").question in page
    # Cauda equina questions belong to low back pain, not to a neck drawn alone.
    assert safety.red_flag("rf_ces_saddle").question not in page
    assert Intake.objects.get(pk=intake_id).answers["where"]["pain_types"] == ["neck"]


def test_submitting_sends_the_baseline_instruments_and_records_the_stress_rating(
    personas: Personas, patient_client: Client
) -> None:
    intake_id = start(patient_client, personas.patient.pk)
    fill(patient_client, intake_id, valid_steps())

    done = patient_client.post(f"/intake/{intake_id}/review/")

    assert done["Location"] == f"/intake/{intake_id}/done/"
    assert Intake.objects.get(pk=intake_id).status == IntakeStatus.SUBMITTED
    patient = personas.patient
    sent = set(
        patient.instrument_assignments.filter(status=AssignmentStatus.SENT).values_list(
            "instrument", flat=True
        )
    )
    assert sent == {"nprs", "odi", "psfs", "start_back"}
    stress = patient.instrument_responses.get(instrument="stress")
    assert stress.result["score"] == 6
    page = patient_client.get(f"/intake/{intake_id}/done/").content.decode()
    assert "Oswestry Disability Index" in page
    assert patient_client.get("/me/").content.decode().count("/questionnaires/") >= 4


def test_the_clinic_can_fill_the_intake_with_the_patient(
    personas: Personas, therapist_client: Client
) -> None:
    intake_id = start(therapist_client, personas.patient.pk)
    fill(therapist_client, intake_id, valid_steps())
    therapist_client.post(f"/intake/{intake_id}/review/")

    intake = Intake.objects.get(pk=intake_id)
    assert (intake.status, intake.filled_via) == (IntakeStatus.SUBMITTED, "clinic")
