"""Answering an instrument on a phone page, licensed wording from a pack, the patient's to-do."""

from __future__ import annotations

from django.test import Client

from knotwork.intake.models import InstrumentPackFile, InstrumentResponse
from knotwork.intake.services.instruments import assign_instrument
from tests.conftest import Personas
from tests.intake.conftest import client_of, odi_pack, upload


def test_the_patient_answers_on_the_phone_page_and_it_is_scored(
    personas: Personas, patient_client: Client
) -> None:
    assignment = assign_instrument(
        actor=personas.therapist_a, patient=personas.patient, instrument="nprs"
    )
    page = patient_client.get(f"/questionnaires/{assignment.pk}/").content.decode()
    assert "How bad is your pain right now" in page and 'name="item_1"' in page

    saved = patient_client.post(f"/questionnaires/{assignment.pk}/", {"item_1": "4"})

    assert saved["Location"] == "/me/"
    assert InstrumentResponse.objects.get().result["band"] == "moderate"


def test_the_page_refuses_an_answer_outside_the_options_naming_the_item(
    personas: Personas, patient_client: Client
) -> None:
    assignment = assign_instrument(
        actor=personas.therapist_a, patient=personas.patient, instrument="odi"
    )
    data = {f"item_{n}": "2" for n in range(1, 11)}
    data["item_3"] = "9"

    refused = patient_client.post(f"/questionnaires/{assignment.pk}/", data)

    assert refused.status_code == 422
    assert "Section 3: lifting" in refused.content.decode()
    assert not InstrumentResponse.objects.exists()


def test_licensed_instruments_show_neutral_labels_until_the_clinic_loads_a_pack(
    personas: Personas, patient_client: Client
) -> None:
    assignment = assign_instrument(
        actor=personas.therapist_a, patient=personas.patient, instrument="odi"
    )
    before = patient_client.get(f"/questionnaires/{assignment.pk}/").content.decode()
    assert "Section 1: pain intensity" in before and "First statement" in before
    assert "Licensed section" not in before

    loaded = upload(client_of(personas.admin_a), odi_pack())

    assert loaded.status_code == 302
    after = patient_client.get(f"/questionnaires/{assignment.pk}/").content.decode()
    assert "Licensed section 1 wording" in after and "Licensed statement 5" in after
    # Clinic B keeps our labels.
    assert InstrumentPackFile.objects.get().clinic == personas.clinic_a


def test_a_pack_that_does_not_match_is_refused_with_every_problem_listed(
    personas: Personas,
) -> None:
    refused = upload(client_of(personas.admin_a), odi_pack(version="2.0", items=[]))

    assert refused.status_code == 422
    page = refused.content.decode()
    assert "version" in page and "items missing" in page
    assert not InstrumentPackFile.objects.exists()


def test_only_a_clinic_admin_can_load_a_pack(personas: Personas) -> None:
    for user in (personas.therapist_a, personas.patient_user):
        assert upload(client_of(user), odi_pack()).status_code == 404
    assert not InstrumentPackFile.objects.exists()


def test_the_patients_page_lists_questionnaires_to_fill_and_the_intake(
    personas: Personas, patient_client: Client
) -> None:
    assign_instrument(actor=personas.therapist_a, patient=personas.patient, instrument="psfs")

    page = patient_client.get("/me/").content.decode()

    assert "Start your intake" in page
    assert "Patient-Specific Functional Scale" in page


def test_staff_send_an_instrument_from_the_patient_page(
    personas: Personas, therapist_client: Client
) -> None:
    sent = therapist_client.post(
        f"/patients/{personas.patient.pk}/questionnaires/send/", {"instrument": "ndi"}
    )

    assert sent.status_code == 302
    assert personas.patient.instrument_assignments.get().instrument == "ndi"
