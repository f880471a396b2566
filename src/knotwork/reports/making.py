"""Making a report's file: the kind's presenter gives the context, `pdf.render_pdf` the PDF.

Shared by the services (documents made at once) and the worker (`tasks.make_report`, the
progress report of a long course); neither writes the audit entry here: the caller does, in
the transaction that stores the file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.files.base import ContentFile
from django.http import HttpRequest
from django.utils import timezone

from knotwork.audit.models import AuditAction
from knotwork.audit.services import record
from knotwork.reports.models import Report, ReportKind, ReportStatus
from knotwork.reports.pdf import render_pdf

if TYPE_CHECKING:
    from knotwork.accounts.models import User

TEMPLATES = {
    ReportKind.PROGRESS_REPORT: "reports/progress_report.html",
    ReportKind.CLEARANCE_REQUEST: "reports/clearance_request.html",
    ReportKind.HOME_CARE: "reports/home_care.html",
    ReportKind.PAIN_MAP: "reports/pain_map.html",
    ReportKind.PATIENT_RECORD: "reports/patient_record.html",
}

Step = Callable[[int, str], None]


class ReportNotMade(ValueError):
    """A report whose record cannot be drawn (the message says what is missing)."""


def context_for(report: Report, step: Step | None = None) -> dict[str, Any]:
    """The template context of a report of any kind."""
    from knotwork.reports.presenters import clearance, handout, painmap, progress, record

    if report.kind == ReportKind.PROGRESS_REPORT:
        if report.course is None:
            raise ReportNotMade("A progress report needs its course.")
        return progress.progress_context(report.course, step=step)
    if report.kind == ReportKind.CLEARANCE_REQUEST:
        return clearance.clearance_context(report.patient, asked_by=report.created_by)
    if report.kind == ReportKind.HOME_CARE:
        if report.session is None:
            raise ReportNotMade("A home-care handout needs its session.")
        return handout.handout_context(report.session)
    if report.kind == ReportKind.PAIN_MAP:
        return painmap.pain_map_context(report.patient, report.pain_maps)
    if report.kind == ReportKind.PATIENT_RECORD:
        return record.record_context(report.patient)
    raise ReportNotMade(f"Unknown kind of report: {report.kind}.")


def fill(report: Report, step: Step | None = None) -> Report:
    """Render the report and store its file (not yet saved to the database: the caller saves)."""
    context = context_for(report, step)
    rendered = render_pdf(TEMPLATES[ReportKind(report.kind)], context)
    if step is not None:
        step(95, "Saving the file")
    report.file.save("report.pdf", ContentFile(rendered.data), save=False)
    report.size = len(rendered.data)
    report.pages = rendered.pages
    report.status = ReportStatus.DONE
    report.progress = 100
    report.step = "Ready"
    report.finished_at = timezone.now()
    return report


def make_and_audit(
    report: Report,
    *,
    actor: User | None,
    detail: Callable[[Report], str],
    request: HttpRequest | None,
) -> Report:
    """Render and store a report and write its audit entry, in the caller's transaction. The
    entry's `detail` is worded from the made report (its page count is known only now)."""
    fill(report)
    report.save()
    record(
        actor=actor,
        patient=report.patient,
        action=AuditAction.CREATE,
        subject=report.kind,
        subject_id=report.pk,
        detail=detail(report),
        request=request,
    )
    return report
