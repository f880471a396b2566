"""The intake pages: start or resume, one page per step, review and submit, the outcome."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from knotwork.audit.services import record_read
from knotwork.common.forms import text_checked_by_forms
from knotwork.common.pagination import latest
from knotwork.common.requests import AuthenticatedRequest
from knotwork.domain import outcomes, safety
from knotwork.intake.forms.steps import FORMS, PAIN_TYPE_LABELS
from knotwork.intake.forms.widgets import live_check
from knotwork.intake.models import Intake, IntakeStatus
from knotwork.intake.presenters import answer_summary
from knotwork.intake.services.intake import (
    IntakeClosed,
    StepOutOfOrder,
    baseline_for,
    save_step,
    start_intake,
    step_context,
    submit_intake,
)
from knotwork.intake.services.safety import policy_for
from knotwork.intake.steps import (
    BY_ID,
    STEP_IDS,
    STEPS,
    first_open_step,
    next_step,
    previous_step,
    reachable,
)
from knotwork.intake.views.common import acting_as_staff, error_summary, field_check
from knotwork.patients.models import Patient
from knotwork.patients.querysets import fetch_or_404


def pain_map_url(
    request: AuthenticatedRequest, patient: Patient, back_to: str | None = None
) -> str:
    """The pain-map app's drawing page: the staff one for this patient, or the patient's own.

    With `back_to`, the drawing page returns there after saving (its `next` parameter), so the
    patient comes back to this intake step rather than to their record.
    """
    if acting_as_staff(request, patient.clinic_id):
        url = reverse("staff_draw", kwargs={"patient_id": patient.pk})
    else:
        url = reverse("my_draw")
    return f"{url}?{urlencode({'next': back_to})}" if back_to else url


def _intake(request: AuthenticatedRequest, intake_id: int) -> Intake:
    return Intake.objects.select_related("patient__clinic").get_for_user_or_404(
        request.user, intake_id, what="intake"
    )


def _step_url(intake: Intake, step: str | None) -> str:
    if step is None:
        return reverse("intake_review", kwargs={"intake_id": intake.pk})
    return reverse("intake_step", kwargs={"intake_id": intake.pk, "step": step})


@login_required
def intake_begin(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    """Start a new intake, or continue the open draft where it was left."""
    # A POST starts an intake (the service audits that); any other request reads the page.
    read = "" if request.method == "POST" else "intake"
    patient = fetch_or_404(request, Patient.objects.all(), patient_id, read=read)
    if request.method == "POST":
        intake = start_intake(actor=request.user, patient=patient, request=request)
        return redirect(_step_url(intake, first_open_step(set(intake.answers))))
    context = {
        "patient": patient,
        "draft": patient.intakes.filter(status=IntakeStatus.DRAFT).first(),
        "finished": latest(patient.intakes.exclude(status=IntakeStatus.DRAFT), 5),
        "staff": acting_as_staff(request, patient.clinic_id),
    }
    return render(request, "intake/begin.html", context)


def _initial(intake: Intake, step: str) -> dict[str, Any]:
    saved = intake.step_answers(step)
    if step in ("red_flags",):
        return {k: ("yes" if v else "no") for k, v in saved.items() if v is not None}
    if step == "medicines" and saved:
        flag = saved.get("anticoagulant")
        return {**saved, "anticoagulant": None if flag is None else ("yes" if flag else "no")}
    return saved


@login_required
@text_checked_by_forms
def intake_step(request: AuthenticatedRequest, intake_id: int, step: str) -> HttpResponse:
    intake = _intake(request, intake_id)
    if step not in STEP_IDS:
        raise Http404("No such step.")
    if not intake.is_open:
        return redirect("intake_done", intake_id=intake.pk)
    done = set(intake.answers)
    if not reachable(step, done):
        return redirect(_step_url(intake, first_open_step(done)))
    context = step_context(intake)
    form_class = FORMS[step]
    status = 200
    if request.method == "POST":
        form = form_class(request.POST, context=context)
        if request.GET.get("check") == "1":
            return field_check(request, form)
        if form.is_valid():
            try:
                outcome = save_step(
                    actor=request.user,
                    intake=intake,
                    step=step,
                    answers=form.answers(),
                    request=request,
                )
            except (IntakeClosed, StepOutOfOrder) as error:
                messages.error(request, str(error))
                return redirect("intake_begin", patient_id=intake.patient_id)
            if outcome is not None and outcome.stop:
                return redirect("intake_done", intake_id=intake.pk)
            return redirect(_step_url(intake, next_step(step)))
        # A refused step stores nothing: the page comes back with each field's message.
        status = 422
    else:
        record_read(request, intake.patient, subject="intake", subject_id=intake.pk)
        form = form_class(initial=_initial(intake, step), context=context)
    live_check(form, f"{_step_url(intake, step)}?check=1")
    page = {
        "intake": intake,
        "patient": intake.patient,
        "step": BY_ID[step],
        "number": STEP_IDS.index(step) + 1,
        "total": len(STEPS),
        "form": form,
        "errors": error_summary(form) if form.is_bound else [],
        "back": _step_url(intake, previous_step(step)) if previous_step(step) else None,
        "pain_map_url": pain_map_url(request, intake.patient, back_to=_step_url(intake, step)),
        "map_regions": context["region_ids"],
        "map_no_pain": bool(context["pain_map"] and context["pain_map"].no_pain),
        "pain_type_labels": [PAIN_TYPE_LABELS[p] for p in context["map_pain_types"]],
    }
    if step == "questionnaires":
        page["baseline"] = [outcomes.instrument(i) for i in baseline_for(intake)]
        page["screen_message"] = _screen_message(intake)
    return render(request, "intake/step.html", page, status=status)


def _screen_message(intake: Intake) -> str:
    outcome = intake.screens.order_by("-id").first()
    if outcome is None:
        return ""
    policy = policy_for(intake.patient.clinic).routine_clearance
    return outcome.outcome().patient_message(policy)


def _summary(intake: Intake) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """Each step's title, address and answers as (question, answer) lines for the review page."""
    return [
        (step.title, _step_url(intake, step.id), lines) for step, lines in answer_summary(intake)
    ]


@login_required
def intake_review(request: AuthenticatedRequest, intake_id: int) -> HttpResponse:
    intake = _intake(request, intake_id)
    if not intake.is_open:
        return redirect("intake_done", intake_id=intake.pk)
    missing = first_open_step(set(intake.answers))
    if missing is not None:
        return redirect(_step_url(intake, missing))
    if request.method == "POST":
        try:
            submit_intake(actor=request.user, intake=intake, request=request)
        except (IntakeClosed, StepOutOfOrder) as error:
            messages.error(request, str(error))
        return redirect("intake_done", intake_id=intake.pk)
    record_read(request, intake.patient, subject="intake", subject_id=intake.pk)
    return render(
        request,
        "intake/review.html",
        {
            "intake": intake,
            "patient": intake.patient,
            "summary": _summary(intake),
            "back": _step_url(intake, STEP_IDS[-1]),
        },
    )


@login_required
def intake_done(request: AuthenticatedRequest, intake_id: int) -> HttpResponse:
    """The end of an intake: the emergency message, or thanks with what happens next."""
    intake = _intake(request, intake_id)
    if intake.is_open:
        return redirect(_step_url(intake, first_open_step(set(intake.answers))))
    record_read(request, intake.patient, subject="intake", subject_id=intake.pk)
    emergency = intake.status == IntakeStatus.STOPPED
    waiting = intake.patient.instrument_assignments.filter(status="sent")
    context = {
        "intake": intake,
        "patient": intake.patient,
        "emergency": emergency,
        "emergency_message": safety.messages()["emergency"],
        "screen_message": "" if emergency else _screen_message(intake),
        "waiting": waiting,
        "staff": acting_as_staff(request, intake.patient.clinic_id),
    }
    return render(request, "intake/done.html", context)
