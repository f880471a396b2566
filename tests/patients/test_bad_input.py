"""Bad input to a patient's record gets a clear 4xx and changes nothing."""

from __future__ import annotations

from knotwork.patients.models import Patient
from tests.conftest import Personas, api_client


def test_it_never_trusts_a_clinic_id_in_the_body(personas: Personas) -> None:
    body = {"given_name": "Sly", "family_name": "Move", "clinic_id": personas.clinic_b.pk}
    response = api_client(personas.therapist_a).post(
        "/api/v1/patients", body, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "clinic_id", "message": "unexpected field"}]
    assert not Patient.objects.filter(given_name="Sly").exists()


def test_it_answers_404_for_another_clinics_patient_and_changes_nothing(personas: Personas) -> None:
    client = api_client(personas.therapist_b)
    response = client.patch(
        f"/api/v1/patients/{personas.patient.pk}", {"phone": "1"}, content_type="application/json"
    )
    assert response.status_code == 404
    personas.patient.refresh_from_db()
    assert personas.patient.phone == ""


def test_it_refuses_a_blank_name_or_a_birth_date_in_the_future(personas: Personas) -> None:
    client = api_client(personas.therapist_a)
    before = Patient.objects.count()
    blank = client.post(
        "/api/v1/patients",
        {"given_name": "   ", "family_name": "Y"},
        content_type="application/json",
    )
    future = client.post(
        "/api/v1/patients",
        {"given_name": "A", "family_name": "B", "date_of_birth": "2099-01-01"},
        content_type="application/json",
    )
    form = client.post(
        "/patients/new/", {"given_name": "A", "family_name": "B", "date_of_birth": "2099-01-01"}
    )
    assert blank.status_code == 422 and blank.json()["errors"][0] == {
        "field": "given_name",
        "message": "must not be blank",
    }
    assert future.status_code == 422 and "in the future" in future.json()["detail"]
    assert form.status_code == 400 and "in the future" in form.content.decode()
    assert Patient.objects.count() == before


def test_it_refuses_null_for_a_text_field_instead_of_failing(personas: Personas) -> None:
    client = api_client(personas.therapist_a)
    url = f"/api/v1/patients/{personas.patient.pk}"
    for field in ("given_name", "phone", "history"):
        response = client.patch(url, {field: None}, content_type="application/json")
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == field
    cleared = client.patch(url, {"email": None}, content_type="application/json")
    assert cleared.status_code == 200 and cleared.json()["email"] == ""
