"""API: list, create, read and change patient records; invite a patient to log in."""

from __future__ import annotations

from ninja import Router, Status
from ninja.pagination import paginate

from knotwork.audit.services import record_list
from knotwork.clinics.models import InvitationKind
from knotwork.clinics.querysets import current_clinic
from knotwork.clinics.services import invite
from knotwork.common.errors import responses
from knotwork.common.links import base_url
from knotwork.common.pagination import Page, Paged, paged
from knotwork.common.requests import AuthenticatedRequest
from knotwork.patients.models import Patient
from knotwork.patients.querysets import fetch_or_404, get_patient_for_staff
from knotwork.patients.schemas import (
    InvitationIn,
    InvitationOut,
    PatientIn,
    PatientOut,
    PatientPatch,
)
from knotwork.patients.services import create_patient, update_patient

router = Router(tags=["patients"])


def _out(patient: Patient) -> PatientOut:
    return PatientOut(
        id=patient.pk,
        clinic_id=patient.clinic_id,
        given_name=patient.given_name,
        family_name=patient.family_name,
        date_of_birth=patient.date_of_birth,
        email=patient.email,
        phone=patient.phone,
        history=patient.history,
        physician_name=patient.physician_name,
        physician_practice=patient.physician_practice,
        physician_email=patient.physician_email,
        physician_phone=patient.physician_phone,
        physician_address=patient.physician_address,
        is_demo=patient.is_demo,
        has_login=patient.user_id is not None,
    )


@router.get("", response=responses(list[PatientOut]), summary="Patients of the current clinic")
@paginate(Page)
def list_patients(request: AuthenticatedRequest, q: str = "") -> Paged[Patient, PatientOut]:
    patients = Patient.objects.restrict(request.user).filter(clinic=current_clinic(request))
    if q:
        patients = patients.filter(family_name__icontains=q) | patients.filter(
            given_name__icontains=q
        )
    clinic = current_clinic(request)

    def audited(shown: list[Patient]) -> None:
        # The audit names the patients of the page answered (issue 13), one entry per request.
        record_list(
            request,
            actor=request.user,
            clinic=clinic,
            patients=shown,
            subject="patient_list",
            detail=f"API list, search {q!r}" if q else "API list",
        )

    return paged(patients, _out, shown=audited)


@router.post("", response=responses(PatientOut, 201), summary="Add a patient to the current clinic")
def add_patient(request: AuthenticatedRequest, payload: PatientIn) -> Status[PatientOut]:
    data = payload.model_dump()
    data["email"] = data["email"] or ""
    data["physician_email"] = data["physician_email"] or ""
    patient = create_patient(
        actor=request.user, clinic=current_clinic(request), request=request, **data
    )
    return Status(201, _out(patient))


@router.get("/{patient_id}", response=responses(PatientOut), summary="One patient's record")
def get_patient(request: AuthenticatedRequest, patient_id: int) -> PatientOut:
    patient = fetch_or_404(request, Patient.objects.all(), patient_id, read="patient")
    return _out(patient)


@router.patch("/{patient_id}", response=responses(PatientOut), summary="Change a patient's record")
def patch_patient(
    request: AuthenticatedRequest, patient_id: int, payload: PatientPatch
) -> PatientOut:
    patient = get_patient_for_staff(request.user, patient_id)
    changes = payload.model_dump(exclude_unset=True)
    for email in ("email", "physician_email"):
        if email in changes:
            changes[email] = changes[email] or ""
    update_patient(actor=request.user, patient=patient, changes=changes, request=request)
    return _out(patient)


@router.post(
    "/{patient_id}/invitation",
    response=responses(InvitationOut, 201),
    summary="Invite the patient to log in (the one-time link is mailed to them only)",
)
def invite_patient(
    request: AuthenticatedRequest, patient_id: int, payload: InvitationIn
) -> Status[InvitationOut]:
    patient = get_patient_for_staff(request.user, patient_id)
    invitation = invite(
        actor=request.user,
        clinic=patient.clinic,
        email=str(payload.email),
        kind=InvitationKind.PATIENT,
        patient=patient,
        base_url=base_url(),
        request=request,
    )
    # No link in the answer: it goes to the patient's mailbox only.
    return Status(
        201,
        InvitationOut(email=invitation.email, expires_at=invitation.expires_at.isoformat()),
    )
