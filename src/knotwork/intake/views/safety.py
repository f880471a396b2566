"""Clearances, clearance letters, the pre-session screen and acknowledging a clinic alert."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from knotwork.audit.services import record_read
from knotwork.common.errors import add_to_form
from knotwork.common.requests import AuthenticatedRequest
from knotwork.intake.forms.safety import ClearanceForm, PreSessionForm, finding_choice
from knotwork.intake.forms.widgets import live_check
from knotwork.intake.models import Clearance, ClinicAlert, PreSessionScreen
from knotwork.intake.services.safety import (
    SafetyInputError,
    acknowledge_alert,
    finding_keys,
    gate_for,
    latest_region_ids,
    pending_clearance,
    policy_for,
    record_clearance,
    record_pre_session_screen,
)
from knotwork.intake.views.common import acting_as_staff, error_summary, field_check
from knotwork.patients.models import Patient
from knotwork.patients.querysets import fetch_or_404, get_patient_for_staff, get_patient_for_user


@login_required
def clearance_new(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    """Record a physician clearance: who, when, which findings, a note and an optional letter."""
    patient = get_patient_for_staff(request.user, patient_id)
    decision = gate_for(patient, "record_session")
    outstanding = {o.key for o in decision.outstanding} | {o.key for o in decision.reminders}
    keys = sorted(finding_keys(patient), key=lambda k: (k not in outstanding, k))
    choices = [(key, finding_choice(key)) for key in keys]
    status = 200
    if request.method == "POST":
        form = ClearanceForm(request.POST, request.FILES, keys=choices)
        if form.is_valid():
            data = form.cleaned_data
            try:
                record_clearance(
                    actor=request.user,
                    patient=patient,
                    cleared_by=data["cleared_by"],
                    cleared_on=data["cleared_on"],
                    keys=data["keys"],
                    note=data["note"],
                    letter=data["letter"] or None,
                    request=request,
                )
            except SafetyInputError as error:
                add_to_form(form, error)
            else:
                messages.success(request, "Clearance recorded.")
                return redirect("patient_detail", patient_id=patient.pk)
        status = 422
    else:
        form = ClearanceForm(keys=choices, initial={"keys": sorted(outstanding)})
    context = {
        "patient": patient,
        "form": form,
        "errors": error_summary(form) if form.is_bound else [],
        "has_findings": bool(keys),
    }
    return render(request, "intake/clearance_form.html", context, status=status)


@login_required
def clearance_letter(request: AuthenticatedRequest, clearance_id: int) -> FileResponse:
    """The uploaded letter, for the clinic's staff only; never served from a public URL."""
    clearance = Clearance.objects.get_for_user_or_404(request.user, clearance_id, staff_only=True)
    if not clearance.letter:
        raise Http404("This clearance has no letter.")
    # Audited once the letter is known to exist: a clearance without one showed nothing.
    record_read(request, clearance.patient, subject="clearance_letter", subject_id=clearance.pk)
    content_type = (
        mimetypes.guess_type(clearance.letter.name or "")[0] or "application/octet-stream"
    )
    response = FileResponse(clearance.letter.open("rb"), content_type=content_type)
    response["Content-Disposition"] = (
        f'inline; filename="clearance-{clearance.pk}{_suffix(clearance)}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _suffix(clearance: Clearance) -> str:
    name = clearance.letter.name or ""
    return name[name.rfind(".") :] if "." in name else ""


@login_required
def pre_session_screen(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    """The short screen before a session; the patient answers for today, staff may pick a date."""
    # A POST records a screen (the service audits that); any other request reads the page.
    read = "" if request.method == "POST" else "pre_session_screen"
    patient = fetch_or_404(request, Patient.objects.all(), patient_id, read=read)
    staff = acting_as_staff(request, patient.clinic_id)
    regions = latest_region_ids(patient)
    status = 200
    if request.method == "POST":
        form = PreSessionForm(request.POST, region_ids=regions, staff=staff)
        if request.GET.get("check") == "1":
            return field_check(request, form)
        if form.is_valid():
            on = form.cleaned_data.get("screened_on") or timezone.localdate()
            try:
                screen = record_pre_session_screen(
                    actor=request.user,
                    patient=patient,
                    answers=form.answers(),
                    on=on,
                    request=request,
                )
            except SafetyInputError as error:
                add_to_form(form, error)
            else:
                # Redirect, so that reloading the result page cannot record the screen twice.
                return redirect("pre_session_result", patient_id=patient.pk, screen_id=screen.pk)
        status = 422
    else:
        form = PreSessionForm(region_ids=regions, staff=staff)
    live_check(form, f"{request.path}?check=1")
    context = {
        "patient": patient,
        "form": form,
        "errors": error_summary(form) if form.is_bound else [],
        "staff": staff,
    }
    return render(request, "intake/pre_session.html", context, status=status)


@login_required
@require_POST
def alert_acknowledge(request: AuthenticatedRequest, alert_id: int) -> HttpResponse:
    alert = ClinicAlert.objects.get_for_user_or_404(
        request.user, alert_id, staff_only=True, what="alert"
    )
    acknowledge_alert(actor=request.user, alert=alert, request=request)
    messages.success(request, "Alert marked as seen.")
    # Back to the dashboard's "Needs attention now", or to the page the alert links to (one of
    # our own paths, stored by the service), else the patient's page.
    if request.POST.get("next") == "dashboard":
        return redirect("dashboard")
    if request.POST.get("next") == "link" and alert.link.startswith("/"):
        return redirect(alert.link)
    return redirect("patient_detail", patient_id=alert.patient_id)


@login_required
def pre_session_result(
    request: AuthenticatedRequest, patient_id: int, screen_id: int
) -> HttpResponse:
    """What a recorded pre-session screen means: for the patient, and for staff the day's gate."""
    patient = get_patient_for_user(request.user, patient_id)
    screen = fetch_or_404(
        request,
        PreSessionScreen.objects.filter(patient=patient),
        screen_id,
        read="pre_session_screen",
        what="pre-session screen",
    )
    staff = acting_as_staff(request, patient.clinic_id)
    outcome = screen.outcome()
    policy = policy_for(patient.clinic).routine_clearance
    context = {
        "patient": patient,
        "screen": screen,
        "outcome": outcome,
        "message": outcome.patient_message(policy),
        "staff": staff,
        "decision": gate_for(patient, "record_session", on=screen.screened_on) if staff else None,
        # A clear screen today does not lift an earlier finding; the patient is told.
        "still_pending": not staff and outcome.urgency is None and bool(pending_clearance(patient)),
    }
    return render(request, "intake/pre_session_result.html", context)
