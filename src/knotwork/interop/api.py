"""API: a patient's whole record as a FHIR R4 Bundle (`$everything`-style)."""

from __future__ import annotations

from django.http import HttpResponse
from ninja import Router

from knotwork.common.errors import responses
from knotwork.common.requests import AuthenticatedRequest
from knotwork.interop.export import FHIR_JSON
from knotwork.interop.responses import fhir_response
from knotwork.interop.services import export_patient
from knotwork.patients.querysets import get_patient_for_user

router = Router(tags=["fhir"])

# The operation answers FHIR JSON, not the API's usual application/json, so the 200 response is
# declared by hand: a Bundle whose full shape is the official FHIR R4 JSON schema's.
BUNDLE_RESPONSE = {
    "responses": {
        200: {
            "description": "The patient's record as a FHIR R4 Bundle of type collection.",
            "content": {
                FHIR_JSON: {
                    "schema": {
                        "type": "object",
                        "description": (
                            "A FHIR R4 Bundle (http://hl7.org/fhir/R4/bundle.html); entries "
                            "are named urn:uuid:<id> and refer to each other by that name."
                        ),
                        "required": ["resourceType", "type", "entry"],
                        "properties": {
                            "resourceType": {"const": "Bundle"},
                            "type": {"const": "collection"},
                            "timestamp": {"type": "string"},
                            "entry": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "required": ["fullUrl", "resource"],
                                    "properties": {
                                        "fullUrl": {"type": "string"},
                                        "resource": {"type": "object"},
                                    },
                                },
                            },
                        },
                    }
                }
            },
        }
    }
}


@router.get(
    "/patients/{patient_id}/fhir",
    response=responses(None),
    summary="A patient's whole record as FHIR R4 (Bundle)",
    description=(
        "Everything Knotwork holds about the patient (Patient, Practitioner, Organization, "
        "Condition, Observation, QuestionnaireResponse, Encounter, Procedure, CarePlan, "
        "DocumentReference, ...), as application/fhir+json. Clinic staff and the patient "
        "themself; every export is audited."
    ),
    openapi_extra=BUNDLE_RESPONSE,
)
def patient_fhir(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    patient = get_patient_for_user(request.user, patient_id)
    bundle = export_patient(actor=request.user, patient=patient, via="the API", request=request)
    return fhir_response(bundle)
