"""Getting a record out: the API, the patient's own page (right of access) and the clinic's
patient page, each audited, never cached, and only for those who may see the record."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from knotwork.audit.models import AuditEntry
from tests.conftest import Personas
from tests.interop.validators import SchemaValidator


def client_of(user: Any) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_it_answers_the_api_with_a_fhir_bundle_and_audits_it(
    full_record: Any, personas: Personas, fhir_schema: SchemaValidator
) -> None:
    response = client_of(personas.therapist_a).get(f"/api/v1/patients/{full_record.pk}/fhir")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json; charset=utf-8"
    assert response["Cache-Control"] == "no-store"
    bundle = json.loads(response.content)
    assert bundle["resourceType"] == "Bundle" and fhir_schema.errors(bundle) == []
    entry = AuditEntry.objects.filter(subject="fhir_export").get()
    assert entry.actor == personas.therapist_a and entry.patient_id == full_record.pk
    assert "via the API" in entry.detail


def test_it_lets_the_patient_download_their_own_record_from_their_page(
    full_record: Any, personas: Personas, fhir_schema: SchemaValidator
) -> None:
    patient = client_of(personas.patient_user)
    page = patient.get("/me/").content.decode()
    assert "Your record" in page and 'href="/me/record.fhir.json"' in page

    download = patient.get("/me/record.fhir.json")

    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="my-fhir-record-')
    assert download["Cache-Control"] == "no-store"
    bundle = json.loads(download.content)
    assert fhir_schema.errors(bundle) == []
    names = [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"]
    assert names[0]["name"][0]["given"] == ["Pat"]
    entry = AuditEntry.objects.filter(subject="fhir_export").get()
    assert entry.actor == personas.patient_user and "own page" in entry.detail


def test_it_never_gives_one_patient_anothers_record(full_record: Any, personas: Personas) -> None:
    other = client_of(personas.other_patient_user)

    assert other.get(f"/api/v1/patients/{full_record.pk}/fhir").status_code == 404
    assert other.get(f"/patients/{full_record.pk}/record.fhir.json").status_code == 404
    own = json.loads(other.get("/me/record.fhir.json").content)
    given = {
        e["resource"]["name"][0]["given"][0]
        for e in own["entry"]
        if e["resource"]["resourceType"] == "Patient"
    }
    assert given == {"Other"}


def test_it_offers_the_clinic_the_fhir_export_on_the_patient_page(
    full_record: Any, personas: Personas
) -> None:
    staff = client_of(personas.therapist_a)
    page = staff.get(f"/patients/{full_record.pk}/").content.decode()
    assert f'href="/patients/{full_record.pk}/record.fhir.json"' in page

    download = staff.get(f"/patients/{full_record.pk}/record.fhir.json")

    assert download.status_code == 200
    assert 'filename="pat-ient-fhir-record-' in download["Content-Disposition"]
    assert (
        client_of(personas.therapist_b)
        .get(f"/patients/{full_record.pk}/record.fhir.json")
        .status_code
        == 404
    )


def test_it_declares_the_fhir_media_type_in_the_openapi_document(client: Client) -> None:
    schema = json.loads(client.get("/api/v1/openapi.json").content)
    operation = schema["paths"]["/api/v1/patients/{patient_id}/fhir"]["get"]

    assert "application/fhir+json" in operation["responses"]["200"]["content"]
    assert {"401", "404"} <= set(operation["responses"])
