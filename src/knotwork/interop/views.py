"""Downloads of a patient's FHIR record: the patient's own (right of access) and the clinic's."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse

from knotwork.common.requests import AuthenticatedRequest
from knotwork.interop.responses import download_name, fhir_response
from knotwork.interop.services import export_patient
from knotwork.patients.querysets import get_patient_for_staff, get_patient_for_user


@login_required
def my_record_fhir(request: AuthenticatedRequest) -> HttpResponse:
    """The patient downloads their own record; nobody else's is reachable from here."""
    patient = getattr(request.user, "patient_record", None)
    if patient is None:
        raise Http404("No patient record belongs to this login.")
    patient = get_patient_for_user(request.user, patient.pk)
    bundle = export_patient(
        actor=request.user,
        patient=patient,
        via="the patient's own page",
        request=request,
    )
    return fhir_response(bundle, filename=download_name("my"))


@login_required
def patient_fhir_download(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    patient = get_patient_for_staff(request.user, patient_id)
    bundle = export_patient(
        actor=request.user,
        patient=patient,
        via="the patient page",
        request=request,
    )
    return fhir_response(bundle, filename=download_name(patient.full_name))
