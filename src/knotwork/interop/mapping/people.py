"""Patient, Organization (the clinic) and Practitioner (its staff)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from knotwork.interop.codes import URI_IDENTIFIER
from knotwork.interop.mapping.context import (
    ExportContext,
    Mapped,
    organization_key,
    patient_key,
    practitioner_key,
)

if TYPE_CHECKING:
    from knotwork.accounts.models import User


def _identifier(ctx: ExportContext, mapped_id: str) -> list[dict[str, Any]]:
    # The global id as a business identifier too: a system that gives the resource an id of
    # its own still recognises the record when it is exported again.
    return [{"system": URI_IDENTIFIER, "value": f"urn:uuid:{mapped_id}"}]


def patient(ctx: ExportContext) -> list[Mapped]:
    record = ctx.patient
    key = patient_key(record)
    body: dict[str, Any] = {
        "identifier": _identifier(ctx, ctx.links.id(key)),
        "active": True,
        "name": [
            {
                "use": "official",
                "text": record.full_name,
                "family": record.family_name,
                "given": [record.given_name],
            }
        ],
        "managingOrganization": ctx.organization,
    }
    telecom = []
    if record.phone:
        telecom.append({"system": "phone", "value": record.phone})
    if record.email:
        telecom.append({"system": "email", "value": record.email})
    if telecom:
        body["telecom"] = telecom
    if record.date_of_birth:
        body["birthDate"] = record.date_of_birth.isoformat()
    therapists = [ctx.practitioner(user) for user in record.therapists.all()]
    if therapists:
        body["generalPractitioner"] = therapists
    return [ctx.make(key, body)]


def organization(ctx: ExportContext) -> list[Mapped]:
    clinic = ctx.patient.clinic
    key = organization_key(clinic.pk)
    return [
        ctx.make(
            key,
            {
                "identifier": _identifier(ctx, ctx.links.id(key)),
                "active": True,
                "name": clinic.name,
            },
        )
    ]


def practitioner(ctx: ExportContext, user: User) -> Mapped:
    key = practitioner_key(user)
    body: dict[str, Any] = {
        "identifier": _identifier(ctx, ctx.links.id(key)),
        "active": user.is_active,
        "name": [{"text": str(user)}],
    }
    if user.email:
        body["telecom"] = [{"system": "email", "value": user.email, "use": "work"}]
    return ctx.make(key, body)
