"""The patient's own record: from their page they download it as a PDF and as FHIR JSON, each
download audited, never cached, and nobody else's record reachable."""

from __future__ import annotations

import json
from typing import Any

from knotwork.audit.models import AuditEntry
from knotwork.reports.models import Report
from tests.conftest import Personas
from tests.interop.validators import SchemaValidator, parse_with_models
from tests.reports.conftest import client_of, keep_first_page, pdf_text


def test_the_patient_downloads_their_record_as_pdf_and_fhir_from_their_page(
    full_record: Any, personas: Personas, fhir_schema: SchemaValidator
) -> None:
    patient = client_of(personas.patient_user)
    page = patient.get("/me/").content.decode()
    assert 'href="/me/record.pdf"' in page and 'href="/me/record.fhir.json"' in page

    pdf = patient.get("/me/record.pdf")
    fhir = patient.get("/me/record.fhir.json")

    assert pdf.status_code == fhir.status_code == 200
    assert pdf["Cache-Control"] == fhir["Cache-Control"] == "no-store"
    assert pdf["Content-Disposition"].startswith('attachment; filename="my-record-')
    keep_first_page(pdf.content, "patient-record")
    text = pdf_text(pdf.content)
    for fact in (
        "My record at Clinic A",
        "Pat Ient",
        # What they gave: pain maps, questionnaires; what was found and done.
        "Your pain maps",
        "Worse after sitting.",
        "Patient-Specific Functional Scale",
        "Quadratus lumborum",
        "Taut band.",
        "Session 1",
        "Ischaemic compression.",
        "soreness 3/10, pain 4/10",
    ):
        assert fact in text, fact
    # No source keys of the reference, no stored ids of the knowledge base.
    for key in ("OSTELO", "quadratus_lumborum", "low_back_right", "rf_"):
        assert key not in text, key
    assert fhir_schema.errors(json.loads(fhir.content)) == []
    # The copy is kept among the patient's documents: made and downloaded, each audited.
    (copy,) = Report.objects.filter(kind="patient_record")
    assert copy.content() == pdf.content and copy.created_by == personas.patient_user
    entries = AuditEntry.objects.filter(actor=personas.patient_user, subject="patient_record")
    assert sorted(entries.values_list("action", flat=True)) == ["create", "read"]
    assert all("own page" in e.detail for e in entries)
    reads = AuditEntry.objects.filter(actor=personas.patient_user, action="read")
    assert reads.filter(subject="fhir_export").count() == 1


def test_the_record_pdf_is_listed_in_the_fhir_bundle_like_the_other_pdfs(
    full_record: Any, personas: Personas, fhir_schema: SchemaValidator
) -> None:
    patient = client_of(personas.patient_user)
    patient.get("/me/record.pdf")
    copy = Report.objects.get(kind="patient_record")

    bundle = json.loads(patient.get("/me/record.fhir.json").content)

    (document,) = [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "DocumentReference"
    ]
    assert document["type"]["coding"][0]["code"] == "patient_record"
    assert document["description"] == "Record of Pat Ient, downloaded by the patient"
    attachment = document["content"][0]["attachment"]
    assert attachment["url"].endswith(f"/reports/{copy.pk}/pdf/")
    assert attachment["size"] == copy.size
    # Made by the clinic's system at the patient's request: the author is the Organization.
    organization = next(
        e["fullUrl"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Organization"
    )
    assert document["author"] == [document["custodian"]]
    assert document["custodian"]["reference"] == organization
    # Both validators accept it, and the patient downloads the listed copy.
    assert fhir_schema.errors(document) == [] and fhir_schema.errors(bundle) == []
    parse_with_models(document)
    listed = patient.get(f"/reports/{copy.pk}/pdf/")
    assert listed.status_code == 200 and listed.content == copy.content()
    # The next copy of the record does not list the earlier copies among its documents.
    assert "downloaded by the patient" not in pdf_text(patient.get("/me/record.pdf").content)


def test_it_gives_another_patient_only_their_own_record(
    full_record: Any, personas: Personas
) -> None:
    other = client_of(personas.other_patient_user).get("/me/record.pdf")

    assert other.status_code == 200
    text = pdf_text(other.content)
    assert "Other Person" in text and "Pat Ient" not in text


def test_staff_have_no_record_of_their_own_to_download(personas: Personas) -> None:
    assert client_of(personas.therapist_a).get("/me/record.pdf").status_code == 404
