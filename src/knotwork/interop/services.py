"""The exports as people ask for them, each audited: who took which patient's record out, how.

A FHIR export is a read of the whole record, so each patient exported gets one `read` entry
(subject `fhir_export`), in the same transaction as the export is built; a bulk export writes
one entry per patient it wrote.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.http import HttpRequest

from knotwork.audit.models import AuditAction
from knotwork.audit.services import record, record_list
from knotwork.interop.documents import DocumentListing
from knotwork.interop.export import BulkResult, Progress, clinic_bulk_export, patient_bundle

if TYPE_CHECKING:
    from knotwork.accounts.models import User
    from knotwork.clinics.models import Clinic
    from knotwork.patients.models import Patient


def operator() -> str:
    """Who ran a command-line export, as the operating system knows them."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown user"


@transaction.atomic
def export_patient(
    *,
    actor: User | None,
    patient: Patient,
    via: str,
    request: HttpRequest | None = None,
    documents: DocumentListing | None = None,
) -> dict[str, Any]:
    """The patient's FHIR Bundle; `via` says how it left ("API", "the patient's own page")."""
    base_url = request.build_absolute_uri("/").rstrip("/") if request is not None else ""
    bundle = patient_bundle(patient, documents=documents, base_url=base_url)
    record(
        actor=actor,
        patient=patient,
        action=AuditAction.READ,
        subject="fhir_export",
        subject_id=patient.pk,
        detail=f"FHIR R4 bundle of {len(bundle.get('entry', []))} resources, via {via}",
        request=request,
    )
    return bundle


def export_clinic(
    *,
    clinic: Clinic,
    out_dir: Path,
    patients: Iterable[Patient] | None = None,
    documents: DocumentListing | None = None,
    progress: Progress | None = None,
) -> BulkResult:
    """The whole clinic as FHIR Bulk Data NDJSON (for moving to another system); one audit
    entry per patient, written once the export is complete."""
    exported: list[Patient] = []
    result = clinic_bulk_export(
        clinic,
        out_dir,
        patients=patients,
        documents=documents,
        progress=progress,
        on_patient=exported.append,
    )
    who = operator()
    with transaction.atomic():
        record_list(
            None,
            actor=None,
            clinic=clinic,
            patients=exported,
            subject="fhir_bulk_export",
            detail=f"whole-clinic FHIR export to {result.directory}, by {who} on the command line",
        )
        for patient in exported:
            record(
                actor=None,
                patient=patient,
                action=AuditAction.READ,
                subject="fhir_bulk_export",
                subject_id=patient.pk,
                detail=(
                    f"Whole-clinic FHIR export (Bulk Data NDJSON) to {result.directory}, "
                    f"run on the command line by {who}"
                ),
            )
    return result
