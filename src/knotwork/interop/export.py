"""Building the exports: a patient's Bundle, and the whole clinic as FHIR Bulk Data NDJSON.

Every resource is passed through its `fhir.resources` R4B model before it is written, so a
resource the models refuse stops the export instead of leaving a half-valid file; the tests
check the same JSON against the official R4 JSON schema as well.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from fhir.resources.R4B import get_fhir_model_class

from knotwork.common.errors import Refusal
from knotwork.interop.codes import URI_IDENTIFIER
from knotwork.interop.documents import DocumentListing, GeneratedDocument, default_listing
from knotwork.interop.links import Key, Links
from knotwork.interop.mapping import ExportContext, Mapped, patient_resources
from knotwork.interop.mapping.context import instant
from knotwork.interop.mapping.documents import document_key

if TYPE_CHECKING:
    from knotwork.clinics.models import Clinic
    from knotwork.patients.models import Patient

FHIR_JSON = "application/fhir+json"
NDJSON = "application/fhir+ndjson"


def checked(resource: dict[str, Any]) -> dict[str, Any]:
    """The resource as its R4B model writes it; `pydantic.ValidationError` when it refuses."""
    model = get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    result: dict[str, Any] = json.loads(model.model_dump_json())
    return result


def patient_bundle(
    patient: Patient, *, documents: DocumentListing | None = None, base_url: str = ""
) -> dict[str, Any]:
    """Everything about one patient as a `collection` Bundle (the `$everything` idea, but a
    self-contained file: entries are `urn:uuid:` names that point at each other)."""
    ctx = ExportContext(
        patient=patient,
        links=Links(patient.clinic),
        documents=documents or default_listing(),
        base_url=base_url,
    )
    entries = [
        {"fullUrl": ctx.links.full_url(mapped.key), "resource": mapped.resource}
        for mapped in patient_resources(ctx)
    ]
    bundle = {
        "resourceType": "Bundle",
        "identifier": {"system": URI_IDENTIFIER, "value": f"urn:uuid:{uuid.uuid4()}"},
        "type": "collection",
        "timestamp": instant(timezone.now()),
        "entry": entries,
    }
    return checked(bundle)


@dataclass
class BulkResult:
    """What a bulk export wrote: resources per type, patients, documents copied."""

    directory: Path
    counts: dict[str, int] = field(default_factory=dict)
    patients: int = 0
    documents: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())


# progress(done, total): called after each patient, for the terminal's progress line.
Progress = Callable[[int, int], None]


class ExportRefused(Refusal):
    """The export cannot start; the message says why (nothing was written)."""


class _Writer:
    """One NDJSON file per resource type, each resource once (Practitioners, the Organization
    and Questionnaires are shared by many patients)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.files: dict[str, Any] = {}
        self.seen: set[Key] = set()
        self.counts: dict[str, int] = {}

    def write(self, mapped: Mapped) -> None:
        if mapped.key in self.seen:
            return
        self.seen.add(mapped.key)
        kind = mapped.key.resource_type
        if kind not in self.files:
            self.files[kind] = (self.directory / f"{kind}.ndjson").open("w", encoding="utf-8")
        line = json.dumps(checked(mapped.resource), ensure_ascii=False, separators=(",", ":"))
        self.files[kind].write(line + "\n")
        self.counts[kind] = self.counts.get(kind, 0) + 1

    def close(self) -> None:
        for handle in self.files.values():
            handle.close()


class _DocumentFiles:
    """Copies each document's file into `files/` of the export; its DocumentReference then
    names that file, so the documents move with the records."""

    def __init__(self, directory: Path, links: Links) -> None:
        self.directory = directory
        self.links = links
        self.count = 0

    def copy(self, document: GeneratedDocument) -> str:
        name = f"files/{self.links.id(document_key(document))}.pdf"
        (self.directory / "files").mkdir(exist_ok=True)
        (self.directory / name).write_bytes(document.content())
        self.count += 1
        return name


def clinic_bulk_export(
    clinic: Clinic,
    out_dir: Path,
    *,
    patients: Iterable[Patient] | None = None,
    documents: DocumentListing | None = None,
    progress: Progress | None = None,
    on_patient: Callable[[Patient], None] | None = None,
) -> BulkResult:
    """Write the clinic's patients to `out_dir` as FHIR Bulk Data NDJSON, with a manifest
    (`manifest.json`, the shape of a Bulk Data status response) and the documents' files.

    `out_dir` must not exist or be empty. Files are written to a temporary folder beside it
    and moved into place at the end, so a failed export leaves no half-written directory.
    """
    out_dir = Path(out_dir)
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        raise ExportRefused(f"{out_dir} already exists and is not empty; choose a new folder.")
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    listing = documents or default_listing()
    chosen = list(patients if patients is not None else clinic.patients.order_by("pk"))
    started = timezone.now()
    work = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    writer = _Writer(work)
    links = Links(clinic, bulk=True)
    files = _DocumentFiles(work, links)
    try:
        for done, patient in enumerate(chosen, start=1):
            ctx = ExportContext(
                patient=patient, links=links, documents=listing, document_file=files.copy
            )
            for mapped in patient_resources(ctx):
                writer.write(mapped)
            if on_patient is not None:
                on_patient(patient)
            if progress is not None:
                progress(done, len(chosen))
        writer.close()
        _write_manifest(work, writer.counts, started)
        if out_dir.exists():
            out_dir.rmdir()
        work.rename(out_dir)
    except BaseException:
        writer.close()
        shutil.rmtree(work, ignore_errors=True)
        raise
    return BulkResult(out_dir, dict(sorted(writer.counts.items())), len(chosen), files.count)


def _write_manifest(directory: Path, counts: dict[str, int], started: Any) -> None:
    manifest = {
        "transactionTime": instant(started),
        "request": "knotwork export fhir --clinic",
        "requiresAccessToken": False,
        "output": [
            {"type": kind, "url": f"{kind}.ndjson", "count": count}
            for kind, count in sorted(counts.items())
        ],
        "error": [],
    }
    (directory / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
