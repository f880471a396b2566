"""Writers for patient records. Each owns its transaction and writes its audit entry inside it."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.http import HttpRequest

from knotwork.audit.models import AuditAction
from knotwork.audit.services import diff, record, snapshot
from knotwork.patients.models import Patient

if TYPE_CHECKING:
    from knotwork.accounts.models import User
    from knotwork.clinics.models import Clinic

EDITABLE_FIELDS = (
    "given_name",
    "family_name",
    "date_of_birth",
    "email",
    "phone",
    "history",
    "physician_name",
    "physician_practice",
    "physician_email",
    "physician_phone",
    "physician_address",
)
PHYSICIAN_FIELDS = EDITABLE_FIELDS[6:]


def date_of_birth_problem(value: date | None) -> str | None:
    """What is wrong with a date of birth (one in the future is a typing slip), or None."""
    if value is not None and value > date.today():
        return f"The date of birth {value:%d %b %Y} is in the future: check the year."
    return None


@transaction.atomic
def create_patient(
    *,
    actor: User,
    clinic: Clinic,
    given_name: str,
    family_name: str,
    date_of_birth: date | None = None,
    email: str = "",
    phone: str = "",
    history: str = "",
    physician_name: str = "",
    physician_practice: str = "",
    physician_email: str = "",
    physician_phone: str = "",
    physician_address: str = "",
    therapists: list[User] | None = None,
    is_demo: bool = False,
    request: HttpRequest | None = None,
) -> Patient:
    patient = Patient.objects.create(
        clinic=clinic,
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        date_of_birth=date_of_birth,
        email=email.strip().lower(),
        phone=phone.strip(),
        history=history,
        physician_name=physician_name.strip(),
        physician_practice=physician_practice.strip(),
        physician_email=(physician_email or "").strip().lower(),
        physician_phone=physician_phone.strip(),
        physician_address=physician_address.strip(),
        is_demo=is_demo,
    )
    patient.therapists.set(therapists if therapists is not None else [actor])
    record(
        actor=actor,
        patient=patient,
        action=AuditAction.CREATE,
        subject="patient",
        subject_id=patient.pk,
        request=request,
    )
    return patient


@transaction.atomic
def update_patient(
    *, actor: User, patient: Patient, changes: dict[str, Any], request: HttpRequest | None = None
) -> Patient:
    """Apply the changed fields; the audit entry names them with their old and new values (the
    patient's free text included: the trail is where an investigation reads what was there)."""
    changed = [
        name
        for name in EDITABLE_FIELDS
        if name in changes and getattr(patient, name) != changes[name]
    ]
    before = snapshot(patient, changed)
    for name in changed:
        setattr(patient, name, changes[name])
    if changed:
        patient.save(update_fields=[*changed, "updated_at"])
        record(
            actor=actor,
            patient=patient,
            action=AuditAction.CHANGE,
            subject="patient",
            subject_id=patient.pk,
            detail="changed " + ", ".join(changed),
            changes=diff(before, snapshot(patient, changed)),
            request=request,
        )
    return patient


@transaction.atomic
def assign_therapists(*, actor: User, patient: Patient, therapists: list[User]) -> None:
    before = sorted(patient.therapists.values_list("email", flat=True))
    patient.therapists.set(therapists)
    names = ", ".join(str(t) for t in therapists) or "nobody"
    record(
        actor=actor,
        patient=patient,
        action=AuditAction.CHANGE,
        subject="patient",
        subject_id=patient.pk,
        detail=f"assigned therapists: {names}",
        changes=diff({"therapists": before}, {"therapists": sorted(t.email for t in therapists)}),
    )
