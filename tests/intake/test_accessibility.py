"""Small things a patient noticed in the intake: ids that aria-describedby names exist, and the
"none is fine" hint sits with the optional question, not above a required one."""

from __future__ import annotations

import re

from django.test import Client

from tests.conftest import Personas
from tests.intake.conftest import fill, post_step, start, valid_steps


def described_ids_missing(page: str) -> list[str]:
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    named = {i for group in re.findall(r'aria-describedby="([^"]+)"', page) for i in group.split()}
    return sorted(named - ids)


def test_every_id_aria_describedby_names_exists_on_a_refused_step(
    personas: Personas, patient_client: Client
) -> None:
    intake_id = start(patient_client, personas.patient.pk)

    refused = post_step(patient_client, intake_id, "reason", {"reason": ""})
    page = refused.content.decode()

    assert refused.status_code == 422
    assert 'aria-describedby="' in page
    assert described_ids_missing(page) == []
    assert 'id="id_reason_error"' in page


def test_the_none_is_fine_hint_belongs_to_the_optional_question_only(
    personas: Personas, patient_client: Client
) -> None:
    intake_id = start(patient_client, personas.patient.pk)
    fill(patient_client, intake_id, valid_steps(), upto="onset")

    page = patient_client.get(f"/intake/{intake_id}/start/").content.decode()

    required = page.index("How did it start?")
    optional = page.index("Did any of these come before it")
    hint = page.index("Choose what fits; none is fine too.")
    assert required < optional < hint
    assert described_ids_missing(page) == []
