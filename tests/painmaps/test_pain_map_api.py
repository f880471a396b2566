"""Pain maps through the API: stored whole, or refused naming the bad field, with nothing stored."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from knotwork.painmaps.models import PainMapRecord
from tests.conftest import Personas


def post(client: Client, patient_id: int, body: object):
    return client.post(
        f"/api/v1/patients/{patient_id}/pain-maps", body, content_type="application/json"
    )


@pytest.fixture
def patient_client(personas: Personas) -> Client:
    client = Client()
    client.force_login(personas.patient_user)
    return client


def test_it_stores_and_returns_the_map_as_drawn(personas: Personas, patient_client: Client) -> None:
    body = {
        "marks": [
            {"region": "low_back_left", "intensity": 6, "quality": "aching"},
            {"region": "sacrum", "intensity": 3},
        ],
        "note": "worse after work",
    }
    created = post(patient_client, personas.patient.pk, body)
    assert created.status_code == 201
    stored = patient_client.get(f"/api/v1/pain-maps/{created.json()['id']}").json()
    assert stored["marks"] == [
        {"region": "low_back_left", "intensity": 6, "quality": "aching"},
        {"region": "sacrum", "intensity": 3, "quality": None},
    ]
    assert (stored["note"], stored["drawn_via"], stored["drawn_by"]) == (
        "worse after work",
        "patient",
        "pat@example.com",
    )


@pytest.mark.parametrize(
    ("mark", "field"),
    [
        ({"region": "low_back_middle", "intensity": 5}, "marks[1].region"),
        ({"region": "sacrum", "intensity": 11}, "marks[1].intensity"),
        ({"region": "sacrum", "intensity": -1}, "marks[1].intensity"),
        ({"region": "sacrum", "intensity": True}, "marks[1].intensity"),
        ({"region": "sacrum", "intensity": 4.5}, "marks[1].intensity"),
        ({"region": "sacrum", "intensity": "4"}, "marks[1].intensity"),
        ({"region": "low_back_left", "intensity": 2}, "marks[1].region"),
        ({"region": "sacrum", "intensity": 4, "quality": "stabbing"}, "marks[1].quality"),
    ],
)
def test_it_refuses_a_bad_mark_naming_it_and_stores_nothing(
    personas: Personas, patient_client: Client, mark: dict[str, Any], field: str
) -> None:
    body = {"marks": [{"region": "low_back_left", "intensity": 6}, mark]}
    response = post(patient_client, personas.patient.pk, body)
    assert response.status_code == 422
    assert field in [error["field"] for error in response.json()["errors"]]
    assert not PainMapRecord.objects.exists()


def test_it_records_that_staff_drew_it_at_the_clinic(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.therapist_a)
    response = post(client, personas.patient.pk, {"marks": [{"region": "crown", "intensity": 2}]})
    assert response.json()["drawn_via"] == "clinic"
