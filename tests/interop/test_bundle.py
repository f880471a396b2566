"""A patient's FHIR Bundle: both validators accept it, references resolve, codes are right."""

from __future__ import annotations

from collections import Counter
from typing import Any

from knotwork.interop.export import patient_bundle
from tests.conftest import Personas
from tests.interop.conftest import fake_documents
from tests.interop.validators import (
    SchemaValidator,
    parse_with_models,
    unresolved_in_bundle,
)


def assert_valid(bundle: dict[str, Any], schema: SchemaValidator) -> None:
    """Zero errors from the R4 JSON schema, the models parse it, every reference resolves."""
    assert schema.errors(bundle) == []
    parse_with_models(bundle)
    for entry in bundle["entry"]:
        parse_with_models(entry["resource"])
    assert unresolved_in_bundle(bundle) == set()


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def codes(concept: dict[str, Any]) -> set[tuple[str, str]]:
    return {(c["system"], c["code"]) for c in concept.get("coding", [])}


LOINC_NPRS = ("http://loinc.org", "72514-3")


def test_it_exports_every_demo_patient_as_a_bundle_both_validators_accept(
    demo_clinic: Any, fhir_schema: SchemaValidator
) -> None:
    kinds: Counter[str] = Counter()
    for patient in demo_clinic.patients.all():
        bundle = patient_bundle(patient)
        assert_valid(bundle, fhir_schema)
        kinds.update(e["resource"]["resourceType"] for e in bundle["entry"])
    assert {
        "Patient",
        "Practitioner",
        "Organization",
        "Condition",
        "Observation",
        "QuestionnaireResponse",
        "Encounter",
        "Procedure",
        "CarePlan",
        "BodyStructure",
    } <= set(kinds)


def test_it_exports_a_record_with_every_kind_of_entry_both_validators_accept(
    full_record: Any, personas: Personas, fhir_schema: SchemaValidator
) -> None:
    bundle = patient_bundle(full_record, documents=lambda p: fake_documents(personas.therapist_a))

    assert_valid(bundle, fhir_schema)
    encounters = {e["resource"]["status"] for e in bundle["entry"] if "class" in e["resource"]}
    assert encounters == {"finished", "planned", "cancelled"}


def test_it_exports_a_patient_with_nothing_recorded_yet(
    personas: Personas, fhir_schema: SchemaValidator
) -> None:
    bundle = patient_bundle(personas.patient_b)

    assert_valid(bundle, fhir_schema)
    assert [e["resource"]["resourceType"] for e in bundle["entry"]] == [
        "Patient",
        "Organization",
        "Practitioner",
    ]


def test_it_gives_each_record_the_same_id_on_every_export(full_record: Any) -> None:
    first = [e["fullUrl"] for e in patient_bundle(full_record)["entry"]]
    again = [e["fullUrl"] for e in patient_bundle(full_record)["entry"]]

    assert first == again
    assert len(set(first)) == len(first)
    assert all(url.startswith("urn:uuid:") for url in first)


def test_it_names_the_patient_clinic_and_therapist(full_record: Any, personas: Personas) -> None:
    bundle = patient_bundle(full_record)

    (patient,) = resources(bundle, "Patient")
    assert patient["name"][0]["family"] == "Ient" and patient["name"][0]["given"] == ["Pat"]
    assert {"system": "email", "value": "pat@example.com"} in patient["telecom"]
    (clinic,) = resources(bundle, "Organization")
    assert clinic["name"] == "Clinic A"
    names = {p["name"][0]["text"] for p in resources(bundle, "Practitioner")}
    assert names == {str(personas.therapist_a)}


def test_it_codes_the_complaint_as_a_finding_never_a_diagnosis(full_record: Any) -> None:
    (condition,) = resources(patient_bundle(full_record), "Condition")

    assert ("http://snomed.info/sct", "279039007") in codes(condition["code"])
    assert condition["category"][0]["coding"][0]["code"] == "problem-list-item"
    assert not any("icd" in c["system"] for c in condition["code"]["coding"])


def test_it_codes_pain_map_marks_with_the_atlas_snomed_ct_body_sites(full_record: Any) -> None:
    bundle = patient_bundle(full_record)
    marks = {
        next(c["code"] for c in o["bodySite"]["coding"] if "body-regions" in c["system"]): o
        for o in resources(bundle, "Observation")
        if "bodySite" in o and any("body-regions" in c["system"] for c in o["bodySite"]["coding"])
    }

    low_back = marks["low_back_right"]
    assert LOINC_NPRS in codes(low_back["code"]) and low_back["valueInteger"] == 6
    # A.3: the pre-coordinated "Right lumbar region of back".
    assert ("http://snomed.info/sct", "1017211000") in codes(low_back["bodySite"])
    assert low_back["component"][0]["valueString"] == "burning"
    # A.3 marks the temple's code uncertain: words and Knotwork's region code only.
    temple = marks["temple_left"]["bodySite"]
    assert temple["text"] == "Temple (left)"
    assert not any(c["system"] == "http://snomed.info/sct" for c in temple["coding"])
    structures = {s["description"]: s for s in resources(bundle, "BodyStructure")}
    buttock = structures["Upper buttock (right)"]
    assert codes(buttock["location"]) == {("http://snomed.info/sct", "46862004")}
    assert [q["coding"][0]["code"] for q in buttock["locationQualifier"]] == [
        "24028007",
        "261183002",
    ]
    assert "locationQualifier" not in structures["Sacrum"]


def test_it_codes_the_nprs_with_loinc_and_other_scores_with_knotworks_system(
    full_record: Any,
) -> None:
    bundle = patient_bundle(full_record)
    scores = {
        o["code"]["text"]: o
        for o in resources(bundle, "Observation")
        if o.get("derivedFrom") and "QuestionnaireResponse" not in str(o["code"])
    }

    nprs = scores["Numeric Pain Rating Scale (0-10) score"]
    assert LOINC_NPRS in codes(nprs["code"]) and nprs["valueInteger"] == 7
    odi = scores["Oswestry Disability Index score"]
    odi_code = ("https://knotwork.invalid/fhir/CodeSystem/outcome-instruments", "odi-score")
    assert codes(odi["code"]) == {odi_code}
    assert odi["valueQuantity"] == {
        "value": 40.0,
        "unit": "%",
        "system": "http://unitsofmeasure.org",
        "code": "%",
    }
    ndi = scores["Neck Disability Index score"]
    assert ndi["component"][0]["valueQuantity"]["unit"] == "%"
    start_back = scores["Keele STarT Back Screening Tool score"]
    assert start_back["component"][0]["code"]["text"] == "Psychosocial subscale"


def test_it_keeps_the_patients_own_activity_names_in_the_psfs_response(full_record: Any) -> None:
    responses = resources(patient_bundle(full_record), "QuestionnaireResponse")
    psfs = next(r for r in responses if r["questionnaire"].endswith("/psfs"))

    assert [(i["text"], i["answer"][0]["valueInteger"]) for i in psfs["item"]] == [
        ("Lifting boxes", 3),
        ("Sitting an hour", 5),
    ]


def test_it_records_the_session_as_an_encounter_and_the_therapy_as_a_procedure(
    full_record: Any,
) -> None:
    bundle = patient_bundle(full_record)
    (procedure,) = resources(bundle, "Procedure")

    assert ("http://www.ama-assn.org/go/cpt", "97140") in codes(procedure["code"])
    assert next(site["text"] for site in procedure["bodySite"]).startswith("Quadratus lumborum")
    assert "Techniques: Ischaemic compression." in [n["text"] for n in procedure["note"]]
    discomfort = [
        o for o in resources(bundle, "Observation") if o.get("partOf") and "component" in o
    ]
    assert sorted(o.get("valueInteger", -1) for o in discomfort) == [-1, 6]
    algometer = next(c for o in discomfort for c in o["component"] if "algometer" in str(c))
    assert algometer["valueQuantity"]["value"] == 3.5
    (plan,) = resources(bundle, "CarePlan")
    assert [a["detail"]["status"] for a in plan["activity"]] == [
        "completed",
        "scheduled",
        "cancelled",
        "not-started",
    ]


def test_it_lists_each_generated_pdf_as_a_document_reference(
    full_record: Any, personas: Personas, fhir_schema: SchemaValidator
) -> None:
    documents = fake_documents(personas.therapist_a)
    bundle = patient_bundle(
        full_record, documents=lambda p: documents, base_url="https://clinic.example"
    )
    assert_valid(bundle, fhir_schema)

    found = resources(bundle, "DocumentReference")
    assert [d["description"] for d in found] == [d.title for d in documents]
    attachment = found[0]["content"][0]["attachment"]
    assert attachment["url"] == "https://clinic.example/reports/report-1/pdf/"
    assert attachment["size"] == len(documents[0].data)
    assert attachment["contentType"] == "application/pdf"
    import base64

    assert base64.b64decode(attachment["hash"]) == documents[0].sha1


def test_it_exports_the_patients_real_consent_and_its_withdrawal(
    full_record: Any, fhir_schema: SchemaValidator, personas: Personas
) -> None:
    import base64

    from knotwork.courses.services import DEFAULT_TEXT, withdraw_consent

    bundle = patient_bundle(full_record)
    assert_valid(bundle, fhir_schema)
    (found,) = resources(bundle, "Consent")
    assert found["status"] == "active" and found["scope"]["coding"][0]["code"] == "treatment"
    attachment = found["sourceAttachment"]
    assert "version 1 (signed on paper)" in attachment["title"]
    assert base64.b64decode(attachment["data"]).decode() == DEFAULT_TEXT

    withdraw_consent(actor=personas.patient_user, patient=full_record)
    (withdrawn,) = resources(patient_bundle(full_record), "Consent")
    assert withdrawn["status"] == "inactive"


def test_it_tags_demo_patients_as_test_data(demo_clinic: Any) -> None:
    bundle = patient_bundle(demo_clinic.patients.first())

    assert all(e["resource"]["meta"]["tag"][0]["code"] == "HTEST" for e in bundle["entry"]), (
        "every resource of a demo patient is marked as test data"
    )


def test_it_says_a_no_pain_map_is_the_patients_answer_not_an_empty_record(
    personas: Personas, fhir_schema: SchemaValidator
) -> None:
    from knotwork.interop.mapping.painmaps import NO_PAIN_NOTE
    from knotwork.painmaps.models import DrawnVia
    from knotwork.painmaps.services import record_pain_map

    record_pain_map(
        actor=personas.patient_user,
        patient=personas.patient,
        marks=[],
        no_pain=True,
        via=DrawnVia.PATIENT,
    )
    bundle = patient_bundle(personas.patient)
    assert_valid(bundle, fhir_schema)
    (panel,) = [o for o in resources(bundle, "Observation") if "hasMember" not in o]
    assert panel["note"] == [{"text": NO_PAIN_NOTE}]
