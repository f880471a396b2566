"""The code systems and codes the FHIR export uses (clinical-reference.md section F).

Only codes the reference marks as seen in a published value set (✓) are sent as codings; a
concept without one is sent as text, or with a code of Knotwork's own code systems below. Codes
the reference marks "(uncertain)" or "(verify)" are never used.
"""

from __future__ import annotations

from typing import Any

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
# CPT (section F.3): the code alone is sent, never AMA's descriptor text.
CPT = "http://www.ama-assn.org/go/cpt"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason"
CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope"
DATA_ABSENT = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
# An identifier whose value is a URI (here `urn:uuid:...`): the resource's global id.
URI_IDENTIFIER = "urn:ietf:rfc:3986"
# The core R4 extension that points a bodySite CodeableConcept at a BodyStructure.
BODY_SITE_EXTENSION = "http://hl7.org/fhir/StructureDefinition/bodySite"

# Knotwork's own code systems and questionnaires live under this base. `.invalid` is reserved
# (RFC 2606): the URLs are identifiers, not web pages, and can never collide with somebody
# else's live site. docs/fhir.md lists every code of these systems.
KNOTWORK_FHIR = "https://knotwork.invalid/fhir"


def knotwork_system(name: str) -> str:
    """A Knotwork code system, e.g. `https://knotwork.invalid/fhir/CodeSystem/outcome-instruments`."""
    return f"{KNOTWORK_FHIR}/CodeSystem/{name}"


INSTRUMENTS = knotwork_system("outcome-instruments")
OBSERVATIONS = knotwork_system("observations")
OBSERVATION_CONTEXT = knotwork_system("observation-context")
BODY_REGIONS = knotwork_system("body-regions")
TRIGGER_POINTS = knotwork_system("trigger-points")
PROCEDURES = knotwork_system("procedures")
DOCUMENT_KINDS = knotwork_system("document-kinds")
CONSENT_CATEGORY = knotwork_system("consent-categories")


def questionnaire_url(instrument_id: str) -> str:
    """The canonical URL of an instrument's Questionnaire (exported with the responses)."""
    return f"{KNOTWORK_FHIR}/Questionnaire/{instrument_id}"


def coding(system: str, code: str, display: str | None = None) -> dict[str, Any]:
    found: dict[str, Any] = {"system": system, "code": code}
    if display:
        found["display"] = display
    return found


def concept(text: str, *codings: dict[str, Any]) -> dict[str, Any]:
    """A CodeableConcept: the codings (maybe none) and the words a person reads."""
    found: dict[str, Any] = {"text": text}
    if codings:
        found["coding"] = list(codings)
    return found


# Section F.1: the NPRS and every other 0-10 pain rating reported by the patient.
PAIN_SEVERITY_0_10 = coding(
    LOINC, "72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported"
)
SURVEY = coding(OBSERVATION_CATEGORY, "survey", "Survey")
EXAM = coding(OBSERVATION_CATEGORY, "exam", "Exam")
PROCEDURE_CATEGORY = coding(OBSERVATION_CATEGORY, "procedure", "Procedure")
AMBULATORY = coding(ACT_CODE, "AMB", "ambulatory")
TEST_DATA = coding(ACT_REASON, "HTEST", "test health data")

# Section F.3: trigger-point pressure release is usually billed as manual therapy (97140); no
# SNOMED CT code for it was found (F.2), so the procedure is named in words and Knotwork's code.
TRIGGER_POINT_THERAPY = concept(
    "Trigger-point pressure release (neuromuscular therapy)",
    coding(PROCEDURES, "trigger-point-therapy", "Trigger-point pressure release"),
    coding(CPT, "97140"),
)

# Section F.2 (✓ only): the complaint by the intake's pain type, as findings; facial pain and
# "other" have no specific code there, so they are "Pain (finding)" with words. ICD-10-CM
# codes (F.4) are left out on purpose: Knotwork records the complaint, it never diagnoses.
PAIN_FINDING = coding(SNOMED, "22253000", "Pain")
COMPLAINT_CODES: dict[str, tuple[str, list[dict[str, Any]]]] = {
    "low_back": ("Low back pain", [coding(SNOMED, "279039007", "Low back pain")]),
    "neck": ("Neck pain", [coding(SNOMED, "81680005", "Neck pain")]),
    "headache": ("Headache", [coding(SNOMED, "25064002", "Headache")]),
    "facial": ("Face or jaw pain", [PAIN_FINDING]),
    "other": ("Pain", [PAIN_FINDING]),
}
# Low back pain by duration (F.2, ✓ in the ICSI list); subacute has no code of its own.
LOW_BACK_BY_DURATION = {
    "acute": coding(SNOMED, "278862001", "Acute low back pain"),
    "chronic": coding(SNOMED, "278860009", "Chronic low back pain"),
}
