"""Every create, change, delete and read of patient data leaves one audit entry."""

from __future__ import annotations

import pytest
from django.test import Client

from knotwork.audit.models import AppendOnly, AuditEntry
from tests.conftest import Personas


def logged_in(user) -> Client:
    client = Client(REMOTE_ADDR="203.0.113.7")
    client.force_login(user)
    return client


def test_it_records_who_read_which_patient_from_where(personas: Personas) -> None:
    logged_in(personas.therapist_a).get(f"/patients/{personas.patient.pk}/")
    entry = AuditEntry.objects.get(action="read")
    assert (entry.actor, entry.patient_id, entry.subject) == (
        personas.therapist_a,
        personas.patient.pk,
        "patient",
    )
    assert entry.ip_address == "203.0.113.7"
    assert entry.clinic == personas.clinic_a


def test_it_records_a_create_and_a_change_with_the_fields_changed(personas: Personas) -> None:
    client = logged_in(personas.therapist_a)
    client.post("/patients/new/", {"given_name": "Ada", "family_name": "Lane"})
    created = AuditEntry.objects.get(action="create")
    client.post(
        f"/patients/{created.patient_id}/edit/",
        {"given_name": "Ada", "family_name": "Lane", "phone": "555"},
    )
    changed = AuditEntry.objects.get(action="change")
    assert changed.detail == "changed phone"


def test_it_writes_nothing_when_a_change_is_refused(personas: Personas) -> None:
    client = logged_in(personas.therapist_b)
    response = client.post(
        f"/patients/{personas.patient.pk}/edit/", {"given_name": "X", "family_name": "Y"}
    )
    assert response.status_code == 404
    assert not AuditEntry.objects.exists()
    personas.patient.refresh_from_db()
    assert personas.patient.given_name == "Pat"


def test_it_records_api_reads_too(personas: Personas) -> None:
    logged_in(personas.patient_user).get(f"/api/v1/patients/{personas.patient.pk}")
    assert AuditEntry.objects.filter(action="read", actor=personas.patient_user).count() == 1


def test_it_refuses_to_change_or_delete_an_entry(personas: Personas) -> None:
    logged_in(personas.therapist_a).get(f"/patients/{personas.patient.pk}/")
    # The page also audits its two safety-gate decisions; the read entry is the one tampered with.
    entry = AuditEntry.objects.get(action="read")
    entry.detail = "tampered"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()


def test_it_lets_a_clinic_admin_filter_the_trail(personas: Personas) -> None:
    logged_in(personas.therapist_a).get(f"/patients/{personas.patient.pk}/")
    logged_in(personas.therapist_a).get(f"/patients/{personas.other_patient.pk}/")
    page = logged_in(personas.admin_a).get("/clinic/audit/", {"patient": "Ient"}).content.decode()
    assert "Pat Ient" in page and "Other Person" not in page


def test_it_shows_clinic_b_admins_nothing_of_clinic_a(personas: Personas) -> None:
    logged_in(personas.therapist_a).get(f"/patients/{personas.patient.pk}/")
    page = logged_in(personas.admin_b).get("/clinic/audit/").content.decode()
    assert "Pat Ient" not in page
    assert logged_in(personas.admin_b).get("/api/v1/audit").json() == {"items": [], "count": 0}


def test_it_names_what_was_done_in_words_not_codes(personas: Personas) -> None:
    from knotwork.audit.models import AuditAction
    from knotwork.audit.services import record

    record(
        actor=personas.therapist_a,
        patient=personas.patient,
        action=AuditAction.CREATE,
        subject="pre_session_screen",
        detail="for today",
    )
    page = logged_in(personas.admin_a).get("/clinic/audit/").content.decode()
    assert "Created pre session screen" in page
    assert "pre_session_screen" not in page
