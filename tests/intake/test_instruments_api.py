"""Instruments through the API: sent by staff, answered by the patient, scored exactly as section
D says, bad answers refused naming the item with nothing saved, clinic B shut out."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from knotwork.intake.models import AssignmentStatus, InstrumentAssignment, InstrumentResponse
from tests.conftest import Personas, patient_page
from tests.intake.conftest import client_of


def send(personas: Personas, instrument: str) -> int:
    sent = client_of(personas.therapist_a).post(
        f"/api/v1/patients/{personas.patient.pk}/instrument-assignments",
        {"instrument": instrument},
        content_type="application/json",
    )
    assert sent.status_code == 201, sent.content
    return int(sent.json()["id"])


def answer(client: Client, assignment_id: int, **body: Any):
    return client.post(
        f"/api/v1/instrument-assignments/{assignment_id}/response",
        body,
        content_type="application/json",
    )


@pytest.mark.parametrize(
    ("instrument", "body", "expected"),
    [
        # ODI: sum / (5 x sections answered) x 100, one decimal, half up; 21-40 is moderate.
        ("odi", {"answers": [2] * 10}, {"score": 40.0, "band": "moderate", "answered": 10}),
        # A missing section takes 5 off the denominator: 21 / 45 = 46.67 -> 46.7, severe.
        (
            "odi",
            {"answers": [1, 2, 3, 4, 5, 0, 1, 2, 3, None]},
            {"score": 46.7, "band": "severe", "answered": 9},
        ),
        # NDI: raw 0-50 with the percent beside it; a missing section takes the others' mean.
        ("ndi", {"answers": [1] * 10}, {"score": 10, "percent": 20.0, "band": "mild"}),
        ("ndi", {"answers": [2] * 9 + [None]}, {"score": 20.0, "percent": 40.0, "answered": 9}),
        # RMDQ: ticked statements; two unanswered are allowed.
        ("rmdq", {"answers": [1] * 12 + [0] * 10 + [None, None]}, {"score": 12}),
        # STarT Back: item 9 counts from "very much" (3); total 5, psychosocial 3 -> medium.
        (
            "start_back",
            {"answers": [1, 1, 0, 0, 1, 1, 0, 0, 3]},
            {"score": 5, "band": "medium", "subscales": {"psychosocial": 3}},
        ),
        # PSS-10: items 4, 5, 7 and 8 reversed (4 - answer): 6 x 2 + 4 x 0 = 12, low.
        ("pss10", {"answers": [2, 2, 2, 4, 4, 2, 4, 4, 2, 2]}, {"score": 12, "band": "low"}),
        # PSFS: the mean of the activities rated, each kept.
        (
            "psfs",
            {"answers": [3, 5, 4], "activities": ["Lifting", "Walking", "Sitting"]},
            {"score": 4.0, "subscales": {"activity_1": 3, "activity_2": 5, "activity_3": 4}},
        ),
        ("nprs", {"answers": [7]}, {"score": 7, "band": "severe"}),
    ],
)
def test_it_scores_each_instrument_exactly(
    personas: Personas,
    patient_client: Client,
    instrument: str,
    body: dict[str, Any],
    expected: dict[str, Any],
) -> None:
    assignment_id = send(personas, instrument)

    saved = answer(patient_client, assignment_id, **body)

    assert saved.status_code == 201, saved.content
    result = saved.json()["result"]
    assert {key: result[key] for key in expected} == expected
    assert result["valid"] is True
    assert InstrumentAssignment.objects.get(pk=assignment_id).status == AssignmentStatus.COMPLETED


@pytest.mark.parametrize(
    ("instrument", "body", "field"),
    [
        ("odi", {"answers": [2, 2, 6, 2, 2, 2, 2, 2, 2, 2]}, "answers[2]"),
        ("odi", {"answers": [2] * 9}, "answers"),
        ("nprs", {"answers": [11]}, "answers[0]"),
        ("nprs", {"answers": [-1]}, "answers[0]"),
        ("nprs", {"answers": [True]}, "answers[0]"),
        ("nprs", {"answers": ["5"]}, "answers[0]"),
        ("nprs", {"answers": [5.5]}, "answers[0]"),
        ("start_back", {"answers": [1, 1, 0, 0, 1, 1, 0, 2, 3]}, "answers[7]"),
        # Too many missing answers give no valid score, so nothing is stored.
        ("rmdq", {"answers": [1] * 21 + [None] * 3}, "answers"),
        ("pss10", {"answers": [2] * 9 + [None]}, "answers"),
        ("psfs", {"answers": [3, 5], "activities": ["Lifting", ""]}, "activities[1]"),
        ("psfs", {"answers": [3, 5]}, "activities"),
        ("nprs", {"answers": [5], "extra": 1}, "extra"),
    ],
)
def test_it_refuses_a_bad_answer_naming_the_item_and_saves_nothing(
    personas: Personas,
    patient_client: Client,
    instrument: str,
    body: dict[str, Any],
    field: str,
) -> None:
    assignment_id = send(personas, instrument)

    refused = answer(patient_client, assignment_id, **body)

    assert refused.status_code == 422
    assert field in [error["field"] for error in refused.json()["errors"]]
    assert not InstrumentResponse.objects.exists()
    assert InstrumentAssignment.objects.get(pk=assignment_id).status == AssignmentStatus.SENT


def test_it_refuses_a_second_answer_to_the_same_assignment(
    personas: Personas, patient_client: Client
) -> None:
    assignment_id = send(personas, "nprs")
    answer(patient_client, assignment_id, answers=[6])

    again = answer(patient_client, assignment_id, answers=[2])

    assert again.status_code == 422
    assert InstrumentResponse.objects.get().result["score"] == 6


def test_the_therapist_sees_change_from_baseline_by_the_mcid(
    personas: Personas, patient_client: Client
) -> None:
    answer(patient_client, send(personas, "nprs"), answers=[8])
    answer(patient_client, send(personas, "nprs"), answers=[5])
    answer(patient_client, send(personas, "odi"), answers=[3] * 10)
    answer(patient_client, send(personas, "odi"), answers=[3] * 9 + [2])

    found = client_of(personas.therapist_a).get(f"/api/v1/patients/{personas.patient.pk}/outcomes")

    by_id = {row["instrument"]: row for row in found.json()["items"]}
    # NPRS 8 -> 5: 3 points, at least 2 (Ostelo 2008): improved.
    assert (by_id["nprs"]["baseline"]["score"], by_id["nprs"]["latest"]["score"]) == (8, 5)
    assert by_id["nprs"]["change"]["verdict"] == "improved"
    # ODI 60 -> 58: under the MCID either way.
    assert by_id["odi"]["change"]["verdict"] == "no_meaningful_change"
    page = patient_page(client_of(personas.therapist_a), personas.patient.pk).encode()
    assert b"Numeric Pain Rating Scale (0-10): 2 scores" in page and b"Improved" in page


def test_clinic_b_and_the_other_patient_get_404_for_everything(
    personas: Personas, patient_client: Client
) -> None:
    assignment_id = send(personas, "nprs")
    for user in (personas.therapist_b, personas.admin_b, personas.other_patient_user):
        client = client_of(user)
        assert client.get(f"/api/v1/instrument-assignments/{assignment_id}").status_code == 404
        assert answer(client, assignment_id, answers=[3]).status_code == 404
        listed = client.get(f"/api/v1/patients/{personas.patient.pk}/instrument-assignments")
        assert listed.status_code == 404
        assert client.get(f"/questionnaires/{assignment_id}/").status_code == 404
    assert not InstrumentResponse.objects.exists()


def test_a_patient_cannot_send_themself_an_instrument(
    personas: Personas, patient_client: Client
) -> None:
    sent = patient_client.post(
        f"/api/v1/patients/{personas.patient.pk}/instrument-assignments",
        {"instrument": "odi"},
        content_type="application/json",
    )

    assert sent.status_code == 404
    assert not InstrumentAssignment.objects.exists()
