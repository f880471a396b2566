"""Staff invite a patient to log in from the patient's page."""

from __future__ import annotations

from django.test import Client

from knotwork.clinics.models import Invitation
from tests.conftest import Personas


def test_it_lets_staff_invite_a_patient_from_the_patient_page(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.therapist_a)
    response = client.post(
        f"/patients/{personas.other_patient.pk}/invite/", {"email": "o@example.com"}, follow=True
    )
    assert "went to their mailbox only" in response.content.decode()
    assert Invitation.objects.filter(patient=personas.other_patient, email="o@example.com").exists()
