"""The patient's own record: from their page they download it as a PDF and as FHIR JSON, each
download audited, never cached, and nobody else's record reachable."""

from __future__ import annotations

import json
from typing import Any

from knotwork.audit.models import AuditEntry
from tests.conftest import Personas
from tests.interop.validators import SchemaValidator
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
    entries = AuditEntry.objects.filter(actor=personas.patient_user, action="read")
    assert entries.filter(subject="record_pdf", detail__contains="own page").count() == 1
    assert entries.filter(subject="fhir_export").count() == 1


def test_it_gives_another_patient_only_their_own_record(
    full_record: Any, personas: Personas
) -> None:
    other = client_of(personas.other_patient_user).get("/me/record.pdf")

    assert other.status_code == 200
    text = pdf_text(other.content)
    assert "Other Person" in text and "Pat Ient" not in text


def test_staff_have_no_record_of_their_own_to_download(personas: Personas) -> None:
    assert client_of(personas.therapist_a).get("/me/record.pdf").status_code == 404
