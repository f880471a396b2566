"""The PDFs made for a patient (progress reports, clearance requests, handouts, pain-map prints),
as the export reads them: a small interface, so the export does not depend on how the reports
app stores its files.

`GeneratedDocument` is what the export needs of one PDF; a `DocumentListing` gives a patient's
documents, newest first. `default_listing()` is the reports app's listing
(`knotwork.reports.listing.documents_of`: every finished PDF of the patient).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from knotwork.accounts.models import User
    from knotwork.patients.models import Patient


class GeneratedDocument(Protocol):
    """One generated PDF of a patient."""

    @property
    def key(self) -> str:
        """Unique and stable among the clinic's documents, e.g. `report-12`."""

    @property
    def kind(self) -> str:
        """`progress_report`, `clearance_request`, `home_care`, `pain_map` or
        `patient_record` (a copy of the whole record the patient downloaded)."""

    @property
    def title(self) -> str:
        """What a person reads, e.g. "Progress report for Dr Lee"."""

    @property
    def created_at(self) -> datetime: ...

    @property
    def author(self) -> User | None:
        """Who made it: a staff member, or the patient (a copy of their record)."""

    @property
    def content_type(self) -> str: ...

    @property
    def download_path(self) -> str:
        """Where the clinic's staff download it on this server, e.g. `/reports/12/pdf/`."""

    def content(self) -> bytes:
        """The file itself (to give its size and hash, and to copy it in a bulk export)."""


DocumentListing = Callable[["Patient"], Iterable[GeneratedDocument]]

# The words of each kind (Knotwork's code system `document-kinds`; no LOINC document code is
# given in the reference's section F).
KIND_LABELS = {
    "progress_report": "Progress report for the physician",
    "clearance_request": "Clearance request to the physician",
    "home_care": "Home-care handout",
    "pain_map": "Pain map print",
    "patient_record": "The patient's own record",
}


def no_documents(patient: Patient) -> list[GeneratedDocument]:
    return []


def default_listing() -> DocumentListing:
    """The listing the export uses when it is given none: the reports app's."""
    from knotwork.reports.listing import documents_of

    return documents_of
