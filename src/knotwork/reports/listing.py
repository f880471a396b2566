"""The reports as the FHIR export lists them (interop.documents' `GeneratedDocument`): every
finished PDF of a patient, newest first. Interop plugs this in as its default listing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.urls import reverse

from knotwork.reports.models import Report, ReportStatus

if TYPE_CHECKING:
    from knotwork.accounts.models import User
    from knotwork.patients.models import Patient


@dataclass(frozen=True)
class ReportDocument:
    report: Report

    @property
    def key(self) -> str:
        return f"report-{self.report.pk}"

    @property
    def kind(self) -> str:
        return self.report.kind

    @property
    def title(self) -> str:
        return self.report.title

    @property
    def created_at(self) -> datetime:
        return self.report.finished_at or self.report.created_at

    @property
    def author(self) -> User | None:
        return self.report.created_by

    @property
    def content_type(self) -> str:
        return "application/pdf"

    @property
    def download_path(self) -> str:
        return reverse("report_pdf", kwargs={"report_id": self.report.pk})

    def content(self) -> bytes:
        return self.report.content()


def documents_of(patient: Patient) -> list[ReportDocument]:
    reports = Report.objects.filter(patient=patient, status=ReportStatus.DONE).exclude(file="")
    return [ReportDocument(r) for r in reports.select_related("created_by")]
