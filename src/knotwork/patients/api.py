"""API: list, create, read and change patient records; invite a patient to log in."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import ConfigDict, EmailStr, Field, field_validator

from knotwork.audit.services import record_read
from knotwork.clinics.access import current_clinic, get_patient_for_staff, get_patient_for_user
from knotwork.clinics.models import InvitationKind
from knotwork.clinics.services import invite
from knotwork.common.errors import responses
from knotwork.patients.models import Patient
from knotwork.patients.services import create_patient, date_of_birth_problem, update_patient

router = Router(tags=["patients"])


class PatientOut(Schema):
    id: int
    clinic_id: int
    given_name: str
    family_name: str
    date_of_birth: date | None
    email: str
    phone: str
    history: str
    is_demo: bool
    has_login: bool


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
        is_demo=patient.is_demo,
        has_login=patient.user_id is not None,
    )


def _name(value: object) -> object:
    # Names are stored stripped, so a name of spaces would be stored empty.
    if isinstance(value, str) and not value.strip():
        raise ValueError("must not be blank")
    return value


def _date_of_birth(value: date | None) -> date | None:
    problem = date_of_birth_problem(value)
    if problem:
        raise ValueError(problem)
    return value


class PatientIn(Schema):
    # Unknown fields are refused (a clinic id in the body is never trusted, nor silently ignored).
    model_config = ConfigDict(extra="forbid")
    given_name: str = Field(min_length=1, max_length=100)
    family_name: str = Field(min_length=1, max_length=100)
    date_of_birth: date | None = None
    email: EmailStr | None = None
    phone: str = Field(default="", max_length=40)
    history: str = Field(default="", max_length=20000)

    check_names = field_validator("given_name", "family_name")(_name)
    check_born = field_validator("date_of_birth")(_date_of_birth)


class PatientPatch(Schema):
    model_config = ConfigDict(extra="forbid")
    given_name: str | None = Field(default=None, min_length=1, max_length=100)
    family_name: str | None = Field(default=None, min_length=1, max_length=100)
    date_of_birth: date | None = None
    email: EmailStr | None = None
    phone: str | None = Field(default=None, max_length=40)
    history: str | None = Field(default=None, max_length=20000)

    check_names = field_validator("given_name", "family_name")(_name)
    check_born = field_validator("date_of_birth")(_date_of_birth)

    @field_validator("given_name", "family_name", "phone", "history", mode="before")
    @classmethod
    def refuse_null(cls, value: object) -> object:
        # Only email and date of birth can be cleared with null; these are text, cleared with "".
        if value is None:
            raise ValueError("cannot be null: leave the field out to keep it, or send a value")
        return value


@router.get("", response=responses(list[PatientOut]), summary="Patients of the current clinic")
def list_patients(request: HttpRequest, q: str = "") -> list[PatientOut]:
    patients = Patient.objects.for_user(request.user).filter(clinic=current_clinic(request))
    if q:
        patients = patients.filter(family_name__icontains=q) | patients.filter(
            given_name__icontains=q
        )
    return [_out(p) for p in patients[:500]]


@router.post("", response=responses(PatientOut, 201), summary="Add a patient to the current clinic")
def add_patient(request: HttpRequest, payload: PatientIn) -> Status:
    data = payload.model_dump()
    data["email"] = data["email"] or ""
    patient = create_patient(
        actor=request.user, clinic=current_clinic(request), request=request, **data
    )
    return Status(201, _out(patient))


@router.get("/{patient_id}", response=responses(PatientOut), summary="One patient's record")
def get_patient(request: HttpRequest, patient_id: int) -> PatientOut:
    patient = get_patient_for_user(request.user, patient_id)
    record_read(request, patient)
    return _out(patient)


@router.patch("/{patient_id}", response=responses(PatientOut), summary="Change a patient's record")
def patch_patient(request: HttpRequest, patient_id: int, payload: PatientPatch) -> PatientOut:
    patient = get_patient_for_staff(request.user, patient_id)
    changes = payload.model_dump(exclude_unset=True)
    if "email" in changes:
        changes["email"] = changes["email"] or ""
    update_patient(actor=request.user, patient=patient, changes=changes, request=request)
    return _out(patient)


class InvitationIn(Schema):
    model_config = ConfigDict(extra="forbid")
    email: EmailStr


class InvitationOut(Schema):
    email: str
    expires_at: str
    link: str


@router.post(
    "/{patient_id}/invitation",
    response=responses(InvitationOut, 201),
    summary="Invite the patient to log in",
)
def invite_patient(request: HttpRequest, patient_id: int, payload: InvitationIn) -> Status:
    patient = get_patient_for_staff(request.user, patient_id)
    issued = invite(
        actor=request.user,
        clinic=patient.clinic,
        email=str(payload.email),
        kind=InvitationKind.PATIENT,
        patient=patient,
        base_url=request.build_absolute_uri("/").rstrip("/"),
    )
    return Status(
        201,
        InvitationOut(
            email=issued.invitation.email,
            expires_at=issued.invitation.expires_at.isoformat(),
            link=request.build_absolute_uri(issued.path()),
        ),
    )
