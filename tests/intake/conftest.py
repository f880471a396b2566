"""Helpers for the intake tests: logged-in clients and a complete, valid intake to vary."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from knotwork.domain import outcomes, safety
from knotwork.intake.forms.steps import MEDICINES_FLAG
from knotwork.intake.steps import STEP_IDS
from tests.conftest import Personas

if TYPE_CHECKING:
    from knotwork.accounts.models import User


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def red_flag_answers(region_ids: list[str] | None = None, **yes: bool) -> dict[str, str]:
    """Every question of the red-flag step answered no, except those given here."""
    answers = {
        flag.id: "no" for flag in safety.questions_for(region_ids) if flag.id != MEDICINES_FLAG
    }
    answers.update({key: "yes" if value else "no" for key, value in yes.items()})
    return answers


def valid_steps(**red_flags: bool) -> dict[str, dict[str, Any]]:
    """POST data for every step of an intake without a pain map, low back pain named (so the
    general and the low back questions are asked; the others are posted too and ignored)."""
    return {
        "reason": {"reason": "Low back pain since lifting boxes"},
        "where": {"pain_types": ["low_back"]},
        "onset": {"duration": "acute"},
        "start": {"started": "sudden", "factors": ["lifting", "bending_twisting"]},
        "positions": {"aggravating": ["pain_sitting"], "easing_note": "Walking"},
        "daily": {"work": "Warehouse", "sleep": "sometimes", "stress": "6"},
        "medicines": {"medicines": "Ibuprofen", "anticoagulant": "no"},
        "history": {"earlier_treatment": "None", "goals": "Lift my children again"},
        "red_flags": red_flag_answers(None, **red_flags),
        "questionnaires": {},
    }


def start(client: Client, patient_id: int) -> int:
    """Start (or resume) an intake through the page and return its id."""
    response = client.post(f"/patients/{patient_id}/intake/")
    assert response.status_code == 302, response.content[:300]
    return int(response["Location"].split("/")[2])


def post_step(client: Client, intake_id: int, step: str, data: dict[str, Any]):
    return client.post(f"/intake/{intake_id}/{step}/", data)


def fill(
    client: Client, intake_id: int, steps: dict[str, dict[str, Any]], upto: str | None = None
) -> list[Any]:
    """Post the steps in order (up to and including `upto`); returns each response."""
    responses = []
    for step in STEP_IDS:
        responses.append(post_step(client, intake_id, step, steps[step]))
        if step == upto:
            break
    return responses


@pytest.fixture
def patient_client(personas: Personas) -> Client:
    return client_of(personas.patient_user)


@pytest.fixture
def therapist_client(personas: Personas) -> Client:
    return client_of(personas.therapist_a)


def odi_pack(**changes: object) -> bytes:
    definition = outcomes.instrument("odi")
    pack = {
        "format": "knotwork-instrument-pack/1",
        "instrument": "odi",
        "version": definition.version,
        "language": "en",
        "licence": "Licensed to Clinic A (test agreement 1)",
        "items": [
            {
                "number": item.number,
                "text": f"Licensed section {item.number} wording",
                "options": [
                    {"value": v, "text": f"Licensed statement {v}"} for v in item.response.values
                ],
            }
            for item in definition.items
        ],
        **changes,
    }
    return json.dumps(pack).encode()


def upload(client: Client, content: bytes, name: str = "odi-pack.json"):
    return client.post("/clinic/instrument-packs/", {"file": SimpleUploadedFile(name, content)})
