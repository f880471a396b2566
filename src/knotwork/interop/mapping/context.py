"""What every mapper shares while one patient is exported: the patient, the references, the
people referred to, and helpers for the small shapes that repeat (instants, notes, subject)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from knotwork.interop.codes import TEST_DATA
from knotwork.interop.documents import DocumentListing, GeneratedDocument, default_listing
from knotwork.interop.links import Key, Links

if TYPE_CHECKING:
    from knotwork.accounts.models import User
    from knotwork.patients.models import Patient


@dataclass(frozen=True, slots=True)
class Mapped:
    """One resource as plain FHIR JSON, with the key it is known by."""

    key: Key
    resource: dict[str, Any]


def patient_key(patient: Patient) -> Key:
    return Key("Patient", f"patient/{patient.pk}")


def practitioner_key(user: User) -> Key:
    return Key("Practitioner", f"user/{user.pk}")


def organization_key(clinic_id: int) -> Key:
    return Key("Organization", f"clinic/{clinic_id}")


def instant(moment: datetime) -> str:
    """An aware moment as FHIR dateTime, seconds precision, in UTC."""
    return timezone.localtime(moment, timezone=UTC).isoformat(timespec="seconds")


def day(value: date) -> str:
    return value.isoformat()


def notes(*texts: str) -> list[dict[str, str]]:
    """Annotations of the non-empty texts, in order."""
    return [{"text": text.strip()} for text in texts if text and text.strip()]


@dataclass
class ExportContext:
    patient: Patient
    links: Links
    documents: DocumentListing = field(default_factory=default_listing)
    # Absolute base of this server ("https://clinic.example"), for document links; empty when
    # exported from the command line, where documents keep their path.
    base_url: str = ""
    # Where a document's file is in a bulk export (copied beside the NDJSON files); None links
    # to the server's download address.
    document_file: Callable[[GeneratedDocument], str] | None = None
    # Staff referred to by a mapped resource; their Practitioner resources are added at the end.
    practitioners: dict[int, User] = field(default_factory=dict)
    # Facts several mappers need (the complaint's references), worked out once per patient.
    memo: dict[str, Any] = field(default_factory=dict)

    def document_url(self, document: GeneratedDocument) -> str:
        if self.document_file is not None:
            return self.document_file(document)
        return self.base_url + document.download_path

    def make(self, key: Key, body: dict[str, Any]) -> Mapped:
        """The resource `key` with `body`; a demo patient's resources are tagged as test data,
        so a receiving system never mistakes them for a real person's."""
        head: dict[str, Any] = {"resourceType": key.resource_type, "id": self.links.id(key)}
        if self.patient.is_demo:
            head["meta"] = {"tag": [TEST_DATA]}
        return Mapped(key, {**head, **body})

    def ref(self, key: Key, display: str | None = None) -> dict[str, Any]:
        return self.links.ref(key, display)

    @property
    def subject(self) -> dict[str, Any]:
        return self.ref(patient_key(self.patient))

    @property
    def organization(self) -> dict[str, Any]:
        return self.ref(organization_key(self.patient.clinic_id))

    def practitioner(self, user: User | None) -> dict[str, Any] | None:
        """A reference to a staff member, whose Practitioner is then part of the export."""
        if user is None:
            return None
        self.practitioners[user.pk] = user
        return self.ref(practitioner_key(user), str(user))
