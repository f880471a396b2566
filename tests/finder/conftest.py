"""Clients logged in as the personas, and a stored pain map of clinic A's patient."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.test import Client

from tests.conftest import Personas

if TYPE_CHECKING:
    from knotwork.accounts.models import User


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def therapist(personas: Personas) -> Client:
    return logged_in(personas.therapist_a)


@pytest.fixture
def therapist_b(personas: Personas) -> Client:
    return logged_in(personas.therapist_b)


@pytest.fixture
def patient_client(personas: Personas) -> Client:
    return logged_in(personas.patient_user)


@pytest.fixture
def low_back_map(personas: Personas):
    """Right low back and buttock pain, as a patient might draw it after lifting."""
    from knotwork.painmaps.models import DrawnVia
    from knotwork.painmaps.services import record_pain_map

    return record_pain_map(
        actor=personas.therapist_a,
        patient=personas.patient,
        marks=[
            {"region": "low_back_right", "intensity": 7},
            {"region": "buttock_upper_right", "intensity": 5},
            {"region": "buttock_lower_right", "intensity": 3},
        ],
        via=DrawnVia.CLINIC,
    )
