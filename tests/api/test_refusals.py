"""A service's refusal answers through the API's one handler: its status, the error shape and
the field it names, and nothing is stored."""

from __future__ import annotations

from knotwork.accounts.models import ApiToken
from knotwork.finder.models import PalpationFinding
from tests.conftest import Personas, api_client


def test_a_refused_write_answers_the_error_shape_with_the_field(personas: Personas) -> None:
    membership = personas.therapist_a.memberships.get()
    response = api_client(personas.therapist_a).post(
        "/api/v1/tokens",
        {"name": "   ", "scopes": ["read"], "clinic_id": membership.clinic_id},
        content_type="application/json",
    )
    assert response.status_code == 422
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert body["errors"] == [
        {"field": "name", "message": "Give the token a name that says what uses it."}
    ]
    assert not ApiToken.objects.filter(user=personas.therapist_a).exists()


def test_a_domain_refusal_names_every_bad_field(personas: Personas) -> None:
    response = api_client(personas.therapist_a).post(
        f"/api/v1/patients/{personas.patient.pk}/palpation-findings",
        {
            "muscle": "no_such_muscle",
            "trigger_point": "tp1",
            "side": "left",
            "found": True,
            "tenderness": 9,
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    fields = {error["field"] for error in response.json()["errors"]}
    assert "muscle" in fields
    assert not PalpationFinding.objects.exists()
