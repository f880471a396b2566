"""The other documents: the clearance request when the gate closes, the home-care handout after a
session, the pain-map print; and every PDF listed in the FHIR export as a DocumentReference that
both validators accept."""

from __future__ import annotations

from datetime import date
from typing import Any

from knotwork.audit.models import AuditEntry
from knotwork.interop.export import patient_bundle
from knotwork.reports.models import Report
from tests.conftest import Personas, patient_page
from tests.interop.validators import SchemaValidator, parse_with_models
from tests.reports.conftest import client_of, keep_first_page, pdf_text


def close_the_gate(personas: Personas) -> None:
    from knotwork.intake.services.safety import record_intake_screen

    record_intake_screen(
        actor=personas.therapist_a,
        patient=personas.patient,
        answers={"rf_weight_loss": True, "rf_fever": True},
    )


def test_it_writes_the_clearance_request_when_the_gate_closes(personas: Personas) -> None:
    patient = personas.patient
    patient.physician_name = "Dr Sam Lee"
    patient.physician_email = "lee@practice.example"
    patient.date_of_birth = date(1980, 5, 17)
    patient.save()
    therapist = client_of(personas.therapist_a)
    button = f'action="/patients/{patient.pk}/clearance-request/"'
    # While no finding waits for a clearance there is nothing to ask.
    assert button not in patient_page(therapist, patient.pk)
    close_the_gate(personas)
    assert button in patient_page(therapist, patient.pk)

    made = therapist.post(f"/patients/{patient.pk}/clearance-request/")

    report = Report.objects.get(kind="clearance_request")
    assert made["Location"] == f"/reports/{report.pk}/"
    data = therapist.get(f"/reports/{report.pk}/pdf/").content
    keep_first_page(data, "clearance-request")
    text = pdf_text(data)
    for fact in (
        "Request for medical clearance: Pat Ient",
        "To Dr Sam Lee",
        "17 May 1980",
        "What we found",
        # The red-flag answers in words, with what they may point to.
        "lost weight",
        "What we ask of you",
        "How to reply",
        personas.therapist_a.email,
        "Cleared for trigger-point therapy",
    ):
        assert fact in text, fact
    assert "rf_weight_loss" not in text
    kinds = AuditEntry.objects.filter(subject="clearance_request").values_list("action", flat=True)
    assert sorted(kinds) == ["create", "read"]


def test_it_refuses_a_clearance_request_while_the_gate_is_open(personas: Personas) -> None:
    therapist = client_of(personas.therapist_a)

    answer = therapist.post(f"/patients/{personas.patient.pk}/clearance-request/", follow=True)

    assert "No finding waits for a clearance" in answer.content.decode()
    assert not Report.objects.exists()


def test_it_hands_the_patient_home_care_for_the_points_treated(
    full_record: Any, personas: Personas
) -> None:
    session = full_record.courses.get().treatment_sessions.get(number=1)
    patient = client_of(personas.patient_user)
    page = patient.get("/me/").content.decode()
    assert f'href="/sessions/{session.pk}/home-care.pdf"' in page

    download = patient.get(f"/sessions/{session.pk}/home-care.pdf")

    assert download.status_code == 200 and download["Cache-Control"] == "no-store"
    keep_first_page(download.content, "home-care")
    text = pdf_text(download.content)
    for fact in (
        "Home care after session 1",
        "Quadratus lumborum",
        # The knowledge base's self-care, in plain words.
        "moist heat",
        "Your pain map",
        "where your therapist worked",
        # What to expect (reference E.2), its sources named in words.
        "The next 24 to 36 hours",
        "Cambron and colleagues",
    ):
        assert fact in text, fact
    for key in ("CAMBRON-2007", "DOMS-SEC", "quadratus_lumborum", "TS2"):
        assert key not in text
    # A second download serves the same file: one made, two read.
    patient.get(f"/sessions/{session.pk}/home-care.pdf")
    assert Report.objects.filter(kind="home_care").count() == 1
    entries = AuditEntry.objects.filter(subject="home_care")
    assert sorted(entries.values_list("action", flat=True)) == ["create", "read", "read"]


def test_it_prints_one_pain_map_or_two_compared_with_the_legend(
    full_record: Any, personas: Personas, clock: Any
) -> None:
    from knotwork.painmaps.models import DrawnVia
    from knotwork.painmaps.services import record_pain_map

    first = record_pain_map(
        actor=personas.patient_user,
        patient=full_record,
        marks=[{"region": "low_back_right", "intensity": 6}, {"region": "sacrum", "intensity": 2}],
        via=DrawnVia.PATIENT,
    )
    clock.advance(days=7)
    later = record_pain_map(
        actor=personas.patient_user,
        patient=full_record,
        marks=[{"region": "low_back_right", "intensity": 3}],
        via=DrawnVia.PATIENT,
    )
    therapist = client_of(personas.therapist_a)

    one = therapist.get(f"/pain-maps/{first.pk}/print.pdf")
    both = therapist.get(f"/pain-maps/{later.pk}/print.pdf?compare={first.pk}")

    assert one.status_code == both.status_code == 200
    assert "Pain intensity (0 = checked, no pain; 10 = worst)" in pdf_text(one.content)
    keep_first_page(both.content, "pain-map-comparison")
    text = pdf_text(both.content)
    assert "Pain maps compared" in text and "Change between the two maps" in text
    assert "Worst pain -3 points" in text and "Gone Sacrum" in text
    assert text.count("Pain intensity (0 = checked, no pain; 10 = worst)") == 2


def test_it_lists_each_pdf_in_the_fhir_export_and_both_validators_accept_it(
    full_record: Any, personas: Personas, fhir_schema: SchemaValidator
) -> None:
    session = full_record.courses.get().treatment_sessions.get(number=1)
    client_of(personas.therapist_a).get(f"/sessions/{session.pk}/home-care.pdf")
    report = Report.objects.get()

    bundle = patient_bundle(full_record, base_url="https://clinic.example")

    found = [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "DocumentReference"
    ]
    assert len(found) == 1
    (document,) = found
    assert fhir_schema.errors(document) == []
    parse_with_models(document)
    attachment = document["content"][0]["attachment"]
    assert attachment["url"] == f"https://clinic.example/reports/{report.pk}/pdf/"
    assert attachment["contentType"] == "application/pdf"
    assert attachment["size"] == report.size
    assert document["description"] == "Home care after session 1"
    assert fhir_schema.errors(bundle) == []
