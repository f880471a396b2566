"""Treatment consent through the API: read the state, sign or record it, withdraw it.

The patient signs their own consent (`method: signed`, their typed name); the clinic's staff
record a paper one (`method: paper`, the day it was signed); either may withdraw it (staff
record the patient's withdrawal). The same refusals as the pages.
"""

from __future__ import annotations

from typing import Literal

from ninja import Router, Status

from knotwork.clinics.querysets import is_staff_of
from knotwork.common.errors import ErrorOut, Refusal, responses
from knotwork.common.requests import AuthenticatedRequest
from knotwork.courses.models import TreatmentConsent
from knotwork.courses.schemas import ConsentIn, ConsentOut, ConsentRecordOut, WithdrawIn
from knotwork.courses.services import (
    current_text,
    record_paper_consent,
    sign_consent,
    withdraw_consent,
)
from knotwork.patients.models import Patient
from knotwork.patients.querysets import fetch_or_404, get_patient_for_staff, get_patient_for_user

router = Router(tags=["treatment consent"])


def consent_out(patient: Patient) -> ConsentOut:
    consents = list(TreatmentConsent.objects.filter(patient=patient).select_related("consent_text"))
    latest = consents[0] if consents else None
    state: Literal["on_file", "withdrawn", "none"] = "none"
    if latest is not None:
        state = "withdrawn" if latest.withdrawn_at else "on_file"
    return ConsentOut(
        state=state,
        current_text_version=current_text(patient.clinic).version,
        consents=[
            ConsentRecordOut(
                method=consent.method,
                signed_on=consent.signed_on,
                text_version=consent.consent_text.version,
                recorded_at=consent.recorded_at,
                withdrawn_at=consent.withdrawn_at,
                withdrawal_reason=consent.withdrawal_reason,
            )
            for consent in consents
        ],
    )


@router.get(
    "/patients/{patient_id}/consent",
    response=responses(ConsentOut),
    summary="The patient's treatment consent: on file, withdrawn or none (staff and the patient)",
)
def get_consent(request: AuthenticatedRequest, patient_id: int) -> ConsentOut:
    patient = fetch_or_404(request, Patient.objects.all(), patient_id, read="consent")
    return consent_out(patient)


@router.post(
    "/patients/{patient_id}/consent",
    response=responses(ConsentOut, 201, _409=ErrorOut),
    summary="The patient signs the clinic's consent text (`signed`), or staff record a paper "
    "consent (`paper`, with the day). 409 when a consent is already on file",
)
def add_consent(
    request: AuthenticatedRequest, patient_id: int, payload: ConsentIn
) -> Status[ConsentOut]:
    if payload.method == "paper":
        patient = get_patient_for_staff(request.user, patient_id)
        if payload.signed_on is None:
            raise Refusal("Give the day the paper consent was signed.", field="signed_on")
        record_paper_consent(
            actor=request.user, patient=patient, signed_on=payload.signed_on, request=request
        )
    else:
        patient = get_patient_for_user(request.user, patient_id)
        if patient.user_id != request.user.pk:
            raise Refusal(
                "Only the patient signs their consent; staff record a paper one.", field="method"
            )
        sign_consent(
            actor=request.user,
            patient=patient,
            signed_name=payload.signed_name or "",
            request=request,
        )
    return Status(201, consent_out(patient))


@router.post(
    "/patients/{patient_id}/consent/withdrawal",
    response=responses(ConsentOut, _409=ErrorOut),
    summary="Withdraw the patient's treatment consent (the patient, or staff recording it): no "
    "further sessions. 409 when none is on file",
)
def withdraw(request: AuthenticatedRequest, patient_id: int, payload: WithdrawIn) -> ConsentOut:
    patient = get_patient_for_user(request.user, patient_id)
    if patient.user_id != request.user.pk and not is_staff_of(request, patient.clinic_id):
        raise Refusal("Only the patient or their clinic records a withdrawal.")
    withdraw_consent(actor=request.user, patient=patient, reason=payload.reason, request=request)
    return consent_out(patient)
