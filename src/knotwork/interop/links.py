"""Stable resource ids, and references in the two shapes the export writes.

A resource's id is a UUID derived from the clinic and the record it comes from, so exporting
the same record twice gives the same id (a receiving system updates instead of duplicating),
and records of two Knotwork installations never share an id (the clinic's creation time is part
of the name). No patient data goes into an id.

Inside a Bundle, entries are named `urn:uuid:<id>` and point at each other by that name (the
Bundle's own resolution rule); in Bulk Data NDJSON files, resources point at each other as
`Type/<id>`, which is what a FHIR server's `$import` expects.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from knotwork.interop.codes import KNOTWORK_FHIR

if TYPE_CHECKING:
    from knotwork.clinics.models import Clinic


@dataclass(frozen=True, slots=True)
class Key:
    """A resource to be: its type and a name unique within the clinic, e.g.
    `Key("Observation", "session/41/pre-nprs")`."""

    resource_type: str
    name: str


def clinic_namespace(clinic: Clinic) -> uuid.UUID:
    return uuid.uuid5(
        uuid.NAMESPACE_URL, f"{KNOTWORK_FHIR}/clinic/{clinic.pk}/{clinic.created_at.isoformat()}"
    )


class Links:
    """Ids and references for one clinic's resources, in Bundle (`urn:uuid:`) or Bulk Data
    (`Type/id`) shape."""

    def __init__(self, clinic: Clinic, *, bulk: bool = False) -> None:
        self.namespace = clinic_namespace(clinic)
        self.bulk = bulk

    def id(self, key: Key) -> str:
        return str(uuid.uuid5(self.namespace, f"{key.resource_type}/{key.name}"))

    def full_url(self, key: Key) -> str:
        return f"urn:uuid:{self.id(key)}"

    def ref(self, key: Key, display: str | None = None) -> dict[str, Any]:
        """A Reference to the resource `key`, resolvable inside the export it is written in."""
        target = f"{key.resource_type}/{self.id(key)}" if self.bulk else self.full_url(key)
        found: dict[str, Any] = {"reference": target}
        if display:
            found["display"] = display
        return found
