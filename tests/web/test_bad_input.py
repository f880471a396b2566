"""Bad input gets a clear 4xx and changes nothing."""

from __future__ import annotations

import json

from django.test import Client

from knotwork.patients.models import Patient
from tests.conftest import Personas, api_client


def test_it_refuses_a_form_post_without_a_csrf_token(personas: Personas) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.therapist_a)
    response = client.post("/patients/new/", {"given_name": "No", "family_name": "Token"})
    assert response.status_code == 403
    assert not Patient.objects.filter(given_name="No").exists()


def test_it_refuses_an_oversized_body_before_reading_it(personas: Personas, settings) -> None:
    settings.MAX_REQUEST_BYTES = 1000
    body = json.dumps({"given_name": "Big", "family_name": "x" * 2000})
    response = api_client(personas.therapist_a).post(
        "/api/v1/patients", body, content_type="application/json"
    )
    assert response.status_code == 413
    assert "too large" in response.json()["detail"]
    assert not Patient.objects.filter(given_name="Big").exists()
