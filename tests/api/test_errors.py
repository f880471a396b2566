"""The API's answers to bad requests: one error shape, naming each field, changing nothing."""

from __future__ import annotations

from django.test import Client

from knotwork.patients.models import Patient
from tests.conftest import Personas, api_client


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


def test_it_names_each_missing_or_wrong_field(personas: Personas) -> None:
    body = {"given_name": "", "date_of_birth": "yesterday"}
    response = api_client(personas.therapist_a).post(
        "/api/v1/patients", body, content_type="application/json"
    )
    fields = {error["field"] for error in response.json()["errors"]}
    assert response.status_code == 422
    assert fields == {"given_name", "family_name", "date_of_birth"}


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
