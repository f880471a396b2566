"""The document pages: ask for a report, follow its progress, download and mail it; the
patient's handouts and prints; each download audited and never cached."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from knotwork.clinics.querysets import is_staff_of
from knotwork.common.pagination import page_of
from knotwork.common.requests import AuthenticatedRequest
from knotwork.courses.querysets import get_course_for_staff, get_session_for_user
from knotwork.painmaps.querysets import get_pain_map_for_user
from knotwork.patients.models import Patient
from knotwork.patients.querysets import fetch_or_404, get_patient_for_staff, get_patient_for_user
from knotwork.reports.handouts import current_handout
from knotwork.reports.models import Report
from knotwork.reports.querysets import (
    get_report_for_staff,
    get_report_for_user,
    same_print,
)
from knotwork.reports.responses import pdf_response
from knotwork.reports.services import (
    ReportError,
    download,
    download_name,
    mail_report,
    make_clearance_request,
    make_home_care_handout,
    make_pain_map_print,
    patient_record_pdf,
    record_download_name,
    request_progress_report,
)


def _via(request: AuthenticatedRequest, report: Report) -> str:
    staff = is_staff_of(request, report.patient.clinic_id)
    return "the clinic's pages" if staff else "the patient's own page"


def _send(request: AuthenticatedRequest, report: Report) -> HttpResponse:
    try:
        data = download(
            actor=request.user, report=report, via=_via(request, report), request=request
        )
    except ReportError as error:
        raise Http404(str(error)) from None
    return pdf_response(data, download_name(report))


@login_required
@require_POST
def progress_report_new(request: AuthenticatedRequest, course_id: int) -> HttpResponse:
    course = get_course_for_staff(request.user, course_id)
    report = request_progress_report(actor=request.user, course=course, request=request)
    return redirect("report_detail", report_id=report.pk)


@login_required
@require_POST
def clearance_request_new(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    patient = get_patient_for_staff(request.user, patient_id)
    try:
        report = make_clearance_request(actor=request.user, patient=patient, request=request)
    except ReportError as error:
        messages.error(request, str(error))
        return redirect("patient_detail", patient_id=patient.pk)
    return redirect("report_detail", report_id=report.pk)


@login_required
def patient_documents(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    """Every document of the patient, newest first, a page at a time (the patient page's panel
    shows the latest 20 and links here)."""
    patient = fetch_or_404(
        request, Patient.objects.all(), patient_id, read="documents", staff_only=True
    )
    reports = Report.objects.filter(patient=patient).select_related("created_by")
    context = {"patient": patient, "listing": page_of(request, reports)}
    return render(request, "reports/patient_documents.html", context)


@login_required
def report_detail(request: AuthenticatedRequest, report_id: int) -> HttpResponse:
    report = get_report_for_staff(request.user, report_id)
    context = {"report": report, "patient": report.patient}
    return render(request, "reports/report_detail.html", context)


@login_required
def report_status(request: AuthenticatedRequest, report_id: int) -> HttpResponse:
    """The progress fragment the detail page polls (htmx) while the worker makes the report."""
    report = get_report_for_staff(request.user, report_id)
    response = render(request, "reports/_status.html", {"report": report})
    response["Cache-Control"] = "no-store"
    return response


@login_required
def report_pdf(request: AuthenticatedRequest, report_id: int) -> HttpResponse:
    return _send(request, get_report_for_user(request.user, report_id))


@login_required
@require_POST
def report_mail(request: AuthenticatedRequest, report_id: int) -> HttpResponse:
    report = get_report_for_staff(request.user, report_id)
    try:
        mail_report(actor=request.user, report=report, request=request)
    except ReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Mailed to {report.mailed_to}.")
    return redirect("report_detail", report_id=report.pk)


@login_required
def home_care_pdf(request: AuthenticatedRequest, session_id: int) -> HttpResponse:
    """The session's handout as stored when it was signed (or last amended in what it shows).
    Only while the worker has not made it yet (or for a session signed before handouts were
    made on signing) is it made here, once, and stored like the worker's."""
    session = get_session_for_user(request.user, session_id)
    report = current_handout(session)
    if report is None:
        try:
            report = make_home_care_handout(
                actor=request.user,
                session=session,
                via="at a download, before the worker had made it",
                request=request,
            )
        except ReportError as error:
            raise Http404(str(error)) from None
    return _send(request, report)


@login_required
def pain_map_pdf(request: AuthenticatedRequest, pain_map_id: int) -> HttpResponse:
    """One map (`?compare=ID` adds a second, of the same patient) as a PDF with the legend."""
    first = get_pain_map_for_user(request.user, pain_map_id)
    maps = [first]
    other = request.GET.get("compare", "")
    if other:
        if not other.isdigit():
            raise Http404("No such pain map.")
        second = get_pain_map_for_user(request.user, int(other))
        if second.patient_id != first.patient_id:
            raise Http404("No such pain map.")
        if second.pk != first.pk:
            maps.append(second)
    ordered = sorted(maps, key=lambda m: (m.drawn_at, m.pk))
    report = same_print(first.patient, [m.pk for m in ordered])
    if report is None:
        report = make_pain_map_print(
            actor=request.user, patient=first.patient, pain_maps=ordered, request=request
        )
    return _send(request, report)


@login_required
def my_record_pdf(request: AuthenticatedRequest) -> HttpResponse:
    """The patient downloads their own record as a PDF; nobody else's is reachable from here."""
    patient = getattr(request.user, "patient_record", None)
    if patient is None:
        raise Http404("No patient record belongs to this login.")
    patient = get_patient_for_user(request.user, patient.pk)
    report = patient_record_pdf(actor=request.user, patient=patient, request=request)
    return pdf_response(report.content(), record_download_name())
