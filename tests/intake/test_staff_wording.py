"""What therapists read of the safety screens: questions in words, never the finding keys."""

from __future__ import annotations

import re
from html import unescape

from django.test import Client

from knotwork.domain import safety
from tests.conftest import Personas
from tests.intake.conftest import client_of, fill, start, valid_steps
from tests.intake.test_clearance import clearance_form

KEY = re.compile(r"\b(?:rf|ps)_[a-z_]+\b")


def visible(html: str) -> str:
    """The page's text a person reads: no tags, attributes (ids, values) or scripts."""
    html = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", html))


def test_the_clearance_form_lists_each_finding_by_its_question_and_screen_not_its_key(
    personas: Personas, therapist_client: Client
) -> None:
    patient = client_of(personas.patient_user)
    intake_id = start(patient, personas.patient.pk)
    fill(patient, intake_id, valid_steps(rf_weight_loss=True, rf_night_pain=True))
    patient.post(f"/intake/{intake_id}/review/")

    page = visible(
        therapist_client.get(f"/patients/{personas.patient.pk}/clearances/new/").content.decode()
    )

    assert f"{safety.red_flag('rf_weight_loss').question} (intake screen)" in page
    assert not KEY.findall(page)


def test_the_patient_page_names_what_a_clearance_covered_in_words(
    personas: Personas, therapist_client: Client
) -> None:
    patient = client_of(personas.patient_user)
    intake_id = start(patient, personas.patient.pk)
    fill(patient, intake_id, valid_steps(rf_weight_loss=True))
    patient.post(f"/intake/{intake_id}/review/")
    assert clearance_form(therapist_client, personas).status_code == 302

    page = visible(therapist_client.get(f"/patients/{personas.patient.pk}/").content.decode())

    assert f"cleared “{safety.red_flag('rf_weight_loss').question}”" in page
    assert not KEY.findall(page)


def test_an_escalated_finding_names_its_partner_by_its_question(
    personas: Personas, therapist_client: Client
) -> None:
    patient = client_of(personas.patient_user)
    intake_id = start(patient, personas.patient.pk)
    # Night pain with a history of cancer is raised to urgent (reference C.2 `combine`).
    fill(patient, intake_id, valid_steps(rf_night_pain=True, rf_cancer_history=True))

    page = visible(therapist_client.get(f"/patients/{personas.patient.pk}/").content.decode())

    assert f"(with “{safety.red_flag('rf_cancer_history').question}”)" in page
    assert not KEY.findall(page)


def test_a_low_back_patient_is_asked_no_neck_or_head_questions_and_the_therapist_sees_why(
    personas: Personas, therapist_client: Client
) -> None:
    patient = client_of(personas.patient_user)
    intake_id = start(patient, personas.patient.pk)
    fill(patient, intake_id, valid_steps(), upto="history")

    step = patient.get(f"/intake/{intake_id}/red_flags/").content.decode()

    assert safety.red_flag("rf_ces_bladder").question in unescape(step)
    assert safety.red_flag("rf_fever").question in unescape(step)
    assert safety.red_flag("rf_myelopathy").question not in unescape(step)
    assert safety.red_flag("rf_thunderclap").question not in unescape(step)
    fill(patient, intake_id, valid_steps())
    screen = personas.patient.red_flag_screens.get()
    assert screen.pain_types == ["low_back"]
    assert "rf_thunderclap" not in screen.outcome().asked
    page = visible(therapist_client.get(f"/patients/{personas.patient.pk}/").content.decode())
    assert "Not asked at intake (13)" in page
    assert safety.red_flag("rf_thunderclap").question in page
    assert "lists it for headache or face pain, and none was given under where it hurts" in page


def test_the_screens_api_lists_the_intake_questions_not_asked_with_why(
    personas: Personas, therapist_client: Client
) -> None:
    patient = client_of(personas.patient_user)
    intake_id = start(patient, personas.patient.pk)
    fill(patient, intake_id, valid_steps())

    screens = therapist_client.get(f"/api/v1/patients/{personas.patient.pk}/screens").json()

    (intake_screen,) = [s for s in screens["items"] if s["kind"] == "intake"]
    by_key = {item["key"]: item for item in intake_screen["not_asked"]}
    assert len(by_key) == 13 and "rf_ces_bladder" not in by_key
    assert by_key["rf_myelopathy"]["question"] == safety.red_flag("rf_myelopathy").question
    assert "neck pain" in by_key["rf_myelopathy"]["reason"]
