"""Bad input gets a clear 4xx and changes nothing."""

from __future__ import annotations

import json

from django.test import Client

from knotwork.patients.models import Patient
from tests.conftest import PASSWORD, Personas


def api_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_it_refuses_a_wrong_password_with_a_message(personas: Personas) -> None:
    client = Client()
    response = client.post("/login/", {"username": "therapist.a@example.com", "password": "wrong"})
    assert response.status_code == 200
    assert "do not match" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_locks_an_account_after_repeated_failed_logins(personas: Personas) -> None:
    client = Client()
    for _ in range(5):
        client.post("/login/", {"username": "therapist.a@example.com", "password": "wrong"})
    response = client.post("/login/", {"username": "therapist.a@example.com", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_refuses_a_form_post_without_a_csrf_token(personas: Personas) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.therapist_a)
    response = client.post("/patients/new/", {"given_name": "No", "family_name": "Token"})
    assert response.status_code == 403
    assert not Patient.objects.filter(given_name="No").exists()


def test_it_refuses_an_api_write_without_a_csrf_token(personas: Personas) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.therapist_a)
    response = client.post(
        "/api/v1/patients",
        {"given_name": "No", "family_name": "Token"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not Patient.objects.filter(given_name="No").exists()


def test_it_explains_a_malformed_json_body(personas: Personas) -> None:
    response = api_client(personas.therapist_a).post(
        "/api/v1/patients", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "The request body is not valid JSON."


def test_it_refuses_an_oversized_body_before_reading_it(personas: Personas, settings) -> None:
    settings.MAX_REQUEST_BYTES = 1000
    body = json.dumps({"given_name": "Big", "family_name": "x" * 2000})
    response = api_client(personas.therapist_a).post(
        "/api/v1/patients", body, content_type="application/json"
    )
    assert response.status_code == 413
    assert "too large" in response.json()["detail"]
    assert not Patient.objects.filter(given_name="Big").exists()


def test_it_never_trusts_a_clinic_id_in_the_body(personas: Personas) -> None:
    body = {"given_name": "Sly", "family_name": "Move", "clinic_id": personas.clinic_b.pk}
    response = api_client(personas.therapist_a).post(
        "/api/v1/patients", body, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "clinic_id", "message": "unexpected field"}]
    assert not Patient.objects.filter(given_name="Sly").exists()


def test_it_names_each_missing_or_wrong_field(personas: Personas) -> None:
    body = {"given_name": "", "date_of_birth": "yesterday"}
    response = api_client(personas.therapist_a).post(
        "/api/v1/patients", body, content_type="application/json"
    )
    fields = {error["field"] for error in response.json()["errors"]}
    assert response.status_code == 422
    assert fields == {"given_name", "family_name", "date_of_birth"}


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


def test_it_says_a_boolean_is_not_a_pain_score_without_claiming_it_was_empty(
    personas: Personas,
) -> None:
    response = api_client(personas.therapist_a).post(
        f"/api/v1/patients/{personas.patient.pk}/pain-maps",
        {"marks": [{"region": "low_back_left", "intensity": True}]},
        content_type="application/json",
    )
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["field"] == "marks[0].intensity"
    assert "whole number" in error["message"] and "None" not in error["message"]
    assert personas.patient.pain_maps.count() == 0
