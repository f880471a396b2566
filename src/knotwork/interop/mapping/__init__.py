"""From Knotwork's records to FHIR resources, one mapper per concept.

Each mapper is `mapper(ctx) -> list[Mapped]`; `MAPPERS` lists them in the order the resources
appear in a bundle. A new kind of record (a consent model, a live-feedback trace) is one more
mapper here.
"""

from __future__ import annotations

from collections.abc import Callable

from knotwork.interop.mapping import (
    careplan,
    complaint,
    consent,
    documents,
    findings,
    painmaps,
    people,
    scores,
    sessions,
)
from knotwork.interop.mapping.context import ExportContext, Mapped

Mapper = Callable[[ExportContext], list[Mapped]]

MAPPERS: tuple[Mapper, ...] = (
    people.patient,
    people.organization,
    consent.consents,
    complaint.conditions,
    painmaps.body_structures,
    painmaps.pain_maps,
    scores.responses,
    findings.findings,
    careplan.care_plans,
    sessions.sessions,
    documents.documents,
)


def patient_resources(ctx: ExportContext) -> list[Mapped]:
    """Every resource of the patient, then the Practitioners they refer to."""
    found = [mapped for mapper in MAPPERS for mapped in mapper(ctx)]
    staff = sorted(ctx.practitioners.values(), key=lambda user: user.pk)
    return found + [people.practitioner(ctx, user) for user in staff]


__all__ = ["MAPPERS", "ExportContext", "Mapped", "patient_resources"]
