"""Palpation findings: recorded whole and audited, refused naming the field, kept in clinic."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from knotwork.audit.models import AuditAction, AuditEntry
from knotwork.finder.models import PalpationFinding

FINDING = {
    "muscle": "quadratus_lumborum",
    "trigger_point": "deep",
    "side": "right",
    "found": True,
    "tenderness": 2,
    "twitch_response": True,
    "referred_pain_reproduced": True,
    "note": "Deep ache into the buttock reproduced.",
}


def url(personas) -> str:
    return f"/api/v1/patients/{personas.patient.pk}/palpation-findings"


def post(client: Client, personas, body: object):
    return client.post(url(personas), body, content_type="application/json")


def test_it_records_a_finding_and_audits_who_recorded_it(
    therapist: Client, personas, low_back_map
) -> None:
    response = post(therapist, personas, FINDING | {"pain_map_id": low_back_map.pk})
    assert response.status_code == 201
    stored = PalpationFinding.objects.get(pk=response.json()["id"])
    assert (stored.muscle, stored.side, stored.tenderness, stored.pain_map) == (
        "quadratus_lumborum",
        "right",
        2,
        low_back_map,
    )
    entry = AuditEntry.objects.get(subject="palpation_finding", subject_id=str(stored.pk))
    assert (entry.action, entry.actor, entry.patient_id) == (
        AuditAction.CREATE,
        personas.therapist_a,
        personas.patient.pk,
    )
    assert "found, tenderness 2" in entry.detail


def test_it_lists_findings_newest_first_for_staff_and_the_patient(
    therapist: Client, patient_client: Client, personas
) -> None:
    post(therapist, personas, FINDING)
    post(therapist, personas, FINDING | {"tenderness": 1, "note": "Better."})
    for client in (therapist, patient_client):
        listed = client.get(url(personas)).json()["items"]
        assert [f["tenderness"] for f in listed] == [1, 2]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"muscle": "biceps"}, "muscle"),
        ({"trigger_point": "central"}, "trigger_point"),
        ({"side": "middle"}, "side"),
        ({"tenderness": 4}, "tenderness"),
        ({"tenderness": -1}, "tenderness"),
        ({"tenderness": True}, "tenderness"),
        ({"tenderness": "2"}, "tenderness"),
        ({"found": "yes"}, "found"),
        ({"found": False}, "twitch_response"),
        ({"pain_map_id": 999999}, "pain_map_id"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_it_refuses_a_bad_finding_naming_the_field_and_stores_nothing(
    therapist: Client, personas, change: dict[str, Any], field: str
) -> None:
    response = post(therapist, personas, FINDING | change)
    assert response.status_code == 422
    assert field in [e["field"] for e in response.json()["errors"]]
    assert not PalpationFinding.objects.exists()
    assert not AuditEntry.objects.filter(subject="palpation_finding").exists()


def test_it_refuses_a_pain_map_of_another_patient(therapist: Client, personas) -> None:
    from knotwork.painmaps.models import DrawnVia
    from knotwork.painmaps.services import record_pain_map

    others = record_pain_map(
        actor=personas.therapist_a,
        patient=personas.other_patient,
        marks=[{"region": "sacrum", "intensity": 3}],
        via=DrawnVia.CLINIC,
    )
    response = post(therapist, personas, FINDING | {"pain_map_id": others.pk})
    assert response.status_code == 422
    assert not PalpationFinding.objects.exists()


def test_it_lets_neither_the_patient_nor_clinic_b_record(
    patient_client: Client, therapist_b: Client, personas
) -> None:
    assert post(patient_client, personas, FINDING).status_code == 404
    assert post(therapist_b, personas, FINDING).status_code == 404
    assert therapist_b.get(url(personas)).status_code == 404
    assert not PalpationFinding.objects.exists()
