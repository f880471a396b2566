"""Writers of reports: asking for one, making one now, downloading and mailing, each audited.

A progress report is made by the worker (`tasks.make_report`, queued on commit), and so is a
session's home-care handout when the session is signed (`handouts`); the other kinds are small
and made at once. Every document is audited when it is made, every time it is
downloaded (who, how) and when it is mailed (to whom).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import slugify

from knotwork.audit.models import AuditAction
from knotwork.audit.services import record
from knotwork.common.errors import Conflict
from knotwork.outbox.services import Attachment, queue_mail
from knotwork.reports.handouts import store_handout
from knotwork.reports.making import make_and_audit
from knotwork.reports.models import Report, ReportKind
from knotwork.reports.tasks import make_report

if TYPE_CHECKING:
    from knotwork.accounts.models import User
    from knotwork.courses.models import Course, TreatmentSession
    from knotwork.painmaps.models import PainMapRecord
    from knotwork.patients.models import Patient


class ReportError(Conflict):
    """A report that cannot be made, downloaded or mailed now; the message says why."""


def _addressee(patient: Patient) -> str:
    return patient.physician_name.strip()


@transaction.atomic
def request_progress_report(
    *, actor: User, course: Course, request: HttpRequest | None = None
) -> Report:
    """Queue the course's progress report for the worker; the page follows its progress."""
    patient = course.patient
    doctor = _addressee(patient)
    report = Report.objects.create(
        patient=patient,
        kind=ReportKind.PROGRESS_REPORT,
        title=f"Progress report for {doctor or 'the physician'}",
        course=course,
        addressed_to=doctor,
        step="Waiting for the worker",
        created_by=actor,
    )
    record(
        actor=actor,
        patient=patient,
        action=AuditAction.CREATE,
        subject=ReportKind.PROGRESS_REPORT,
        subject_id=report.pk,
        detail=f"asked for {report.title} (course of {course.start_date.isoformat()})",
        request=request,
    )
    transaction.on_commit(lambda: make_report.enqueue(report.pk))
    return report


def _make_now(
    report: Report, *, actor: User | None, via: str, request: HttpRequest | None
) -> Report:
    """Render, store and audit a report in the caller's transaction."""
    report.created_by = actor
    return make_and_audit(
        report,
        actor=actor,
        detail=lambda made: f"made {made.title} ({made.pages} pages), via {via}",
        request=request,
    )


@transaction.atomic
def make_progress_report_now(
    *, actor: User, course: Course, via: str, request: HttpRequest | None = None
) -> Report:
    """The progress report made in this request (the API's answer is the PDF itself)."""
    doctor = _addressee(course.patient)
    report = Report(
        patient=course.patient,
        kind=ReportKind.PROGRESS_REPORT,
        title=f"Progress report for {doctor or 'the physician'}",
        course=course,
        addressed_to=doctor,
    )
    return _make_now(report, actor=actor, via=via, request=request)


@transaction.atomic
def make_clearance_request(
    *, actor: User, patient: Patient, request: HttpRequest | None = None
) -> Report:
    """The letter asking the physician to clear the findings that close the gate."""
    from knotwork.reports.presenters.common import clearance_needed

    if not clearance_needed(patient).outstanding:
        raise ReportError("No finding waits for a clearance: there is nothing to ask.")
    doctor = _addressee(patient)
    report = Report(
        patient=patient,
        kind=ReportKind.CLEARANCE_REQUEST,
        title=f"Clearance request to {doctor or 'the physician'}",
        addressed_to=doctor,
    )
    return _make_now(report, actor=actor, via="the patient page", request=request)


def make_home_care_handout(
    *, actor: User, session: TreatmentSession, via: str, request: HttpRequest | None = None
) -> Report:
    """The patient's handout of a signed session: the stored current version, or made now
    (normally the worker made it when the session was signed: `handouts`)."""
    if not session.is_signed:
        raise ReportError("A handout is made once the session is signed.")
    return store_handout(session=session, actor=actor, via=via, request=request)


@transaction.atomic
def make_pain_map_print(
    *,
    actor: User,
    patient: Patient,
    pain_maps: list[PainMapRecord],
    request: HttpRequest | None = None,
) -> Report:
    """One map, or two compared (oldest first), with the legend."""
    if not pain_maps or len(pain_maps) > 2:
        raise ReportError("Print one pain map, or two to compare.")
    if any(m.patient_id != patient.pk for m in pain_maps):
        raise ReportError("Those pain maps are not this patient's.")
    ordered = sorted(pain_maps, key=lambda m: (m.drawn_at, m.pk))
    days = [f"{timezone.localtime(m.drawn_at):%d %b %Y}" for m in ordered]
    title = f"Pain map of {days[0]}" if len(ordered) == 1 else f"Pain maps {days[0]} and {days[1]}"
    report = Report(
        patient=patient,
        kind=ReportKind.PAIN_MAP,
        title=title,
        pain_maps=[m.pk for m in ordered],
    )
    return _make_now(report, actor=actor, via="the pain maps", request=request)


def download_name(report: Report) -> str:
    """E.g. `progress-report-for-dr-lee-2031-03-10.pdf`: readable, no internal ids."""
    made = timezone.localtime(report.finished_at or report.created_at).date()
    return f"{slugify(report.title) or 'report'}-{made.isoformat()}.pdf"


@transaction.atomic
def download(*, actor: User, report: Report, via: str, request: HttpRequest | None = None) -> bytes:
    """The file, with its audit entry (who took which document out, how)."""
    if not report.is_done or not report.file:
        raise ReportError("The report is not ready yet.")
    data = report.content()
    record(
        actor=actor,
        patient=report.patient,
        action=AuditAction.READ,
        subject=report.kind,
        subject_id=report.pk,
        detail=f"downloaded {report.title}, via {via}",
        request=request,
    )
    return data


@transaction.atomic
def mail_report(*, actor: User, report: Report, request: HttpRequest | None = None) -> Report:
    """Mail the report to the physician on the patient's record; sent on commit."""
    patient = report.patient
    to = patient.physician_email.strip()
    if report.kind not in (ReportKind.PROGRESS_REPORT, ReportKind.CLEARANCE_REQUEST):
        raise ReportError("Only reports for the physician are mailed to them.")
    if not to:
        raise ReportError("The patient's record has no email for the physician: add one first.")
    stored = report.file.name if report.file else None
    if not report.is_done or not stored:
        raise ReportError("The report is not ready yet.")
    clinic = patient.clinic.name
    sender = str(actor)
    # Owed in this transaction and sent once it committed, the stored PDF attached then.
    queue_mail(
        about="report",
        subject=f"{report.title}: {patient.full_name} ({clinic})",
        body=(
            f"Dear {patient.physician_name or 'Doctor'},\n\n"
            f"Please find attached the {report.get_kind_display().lower()} for your patient "
            f"{patient.full_name}"
            + (f", born {patient.date_of_birth:%d %B %Y}" if patient.date_of_birth else "")
            + f".\n\nWith kind regards,\n{sender}\n{clinic}\n"
        ),
        to=[to],
        reply_to=[actor.email],
        attachment=Attachment(stored, download_name(report), "application/pdf"),
    )
    report.mailed_to = to
    report.mailed_at = timezone.now()
    report.save(update_fields=["mailed_to", "mailed_at"])
    record(
        actor=actor,
        patient=patient,
        action=AuditAction.READ,
        subject=report.kind,
        subject_id=report.pk,
        detail=f"mailed {report.title} to {to}",
        request=request,
    )
    return report


def record_download_name() -> str:
    """E.g. `my-record-2031-03-10.pdf`: readable, no internal ids."""
    return f"my-record-{timezone.localdate().isoformat()}.pdf"


@transaction.atomic
def patient_record_pdf(
    *, actor: User, patient: Patient, request: HttpRequest | None = None
) -> Report:
    """The patient's whole record as a PDF, made for this download and kept among their
    documents (so the FHIR export lists it like the others); made and downloaded, each audited.
    The record changes between downloads, so every download is a new copy."""
    report = Report(
        patient=patient,
        kind=ReportKind.PATIENT_RECORD,
        title=f"Record of {patient.full_name}, downloaded by the patient",
    )
    _make_now(report, actor=actor, via="the patient's own page", request=request)
    download(actor=actor, report=report, via="the patient's own page", request=request)
    return report
