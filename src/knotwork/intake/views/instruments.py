"""Sending an instrument, answering it on a phone, and a clinic admin's instrument packs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from knotwork.audit.services import record_read
from knotwork.clinics.querysets import current_clinic, require_admin
from knotwork.common.requests import AuthenticatedRequest
from knotwork.domain import outcomes
from knotwork.intake.forms.instruments import AnswerForm, PackUploadForm, SendInstrumentForm
from knotwork.intake.models import AssignmentStatus, InstrumentAssignment
from knotwork.intake.services.instruments import (
    AnswersRefused,
    assign_instrument,
    definition_for,
    record_response,
)
from knotwork.intake.services.packs import load_clinic_pack
from knotwork.intake.views.common import acting_as_staff, error_summary
from knotwork.patients.querysets import get_patient_for_staff


@login_required
@require_POST
def instrument_send(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    patient = get_patient_for_staff(request.user, patient_id)
    form = SendInstrumentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a questionnaire to send.")
        return redirect("patient_detail", patient_id=patient.pk)
    assignment = assign_instrument(
        actor=request.user,
        patient=patient,
        instrument=form.cleaned_data["instrument"],
        request=request,
    )
    messages.success(request, f"{assignment.definition.name} sent to {patient.full_name}.")
    return redirect("patient_detail", patient_id=patient.pk)


def _previous_activities(assignment: InstrumentAssignment) -> dict[str, str]:
    """PSFS: the activities named last time, so the patient rates the same ones again."""
    last = assignment.patient.instrument_responses.filter(instrument="psfs").order_by("-id").first()
    if last is None:
        return {}
    return {f"activity_{n}": name for n, name in enumerate(last.activities, start=1)}


@login_required
def instrument_answer(request: AuthenticatedRequest, assignment_id: int) -> HttpResponse:
    """One item per row with big tap targets; refused whole, naming the item, when one is wrong."""
    assignment = InstrumentAssignment.objects.select_related("patient__clinic").get_for_user_or_404(
        request.user, assignment_id, what="questionnaire"
    )
    patient = assignment.patient
    staff = acting_as_staff(request, patient.clinic_id)
    definition = definition_for(patient.clinic, assignment.instrument)
    status = 200
    if request.method == "POST" and assignment.status == AssignmentStatus.SENT:
        form = AnswerForm(request.POST, definition=definition)
        if form.is_valid():
            answers, activities = form.answers()
            try:
                record_response(
                    actor=request.user,
                    assignment=assignment,
                    answers=answers,
                    activities=activities,
                    request=request,
                )
            except AnswersRefused as error:
                form.add_error(None, _named(definition, error, answers))
            else:
                messages.success(request, f"Thank you: your {definition.name} answers are saved.")
                if staff:
                    return redirect("patient_detail", patient_id=patient.pk)
                return redirect("my_record")
        status = 422
    else:
        record_read(request, patient, subject="instrument_assignment", subject_id=assignment.pk)
        form = AnswerForm(initial=_previous_activities(assignment), definition=definition)
    context = {
        "assignment": assignment,
        "patient": patient,
        "definition": definition,
        "form": form,
        "errors": error_summary(form) if form.is_bound else [],
        "staff": staff,
        "neutral_labels": not definition.ships_wording
        and not any(i.text for i in definition.items),
        "blanks_allowed": _blanks_allowed(definition),
    }
    return render(request, "intake/instrument_answer.html", context, status=status)


def _needed(definition: outcomes.Instrument) -> int:
    """How many items must be answered for a score (the instrument's missing-item rule)."""
    return int(definition.scoring.get("min_answered", 1))


def _blanks_allowed(definition: outcomes.Instrument) -> int | None:
    """How many questions may stay blank; None when the patient chooses how many to answer."""
    if definition.variable:
        return None
    return max(definition.item_count - _needed(definition), 0)


def _named(
    definition: outcomes.Instrument, error: AnswersRefused, answers: list[int | None]
) -> str:
    """The refusal with the item's label, e.g. `Section 3: lifting: ...`.

    Too few answers is said in a patient's words: how many to answer, not the scoring rule.
    """
    field = error.field
    answered = sum(answer is not None for answer in answers)
    if field == "answers" and definition.variable and answered == 0:
        return "Please name and rate at least one activity."
    if field == "answers" and not definition.variable:
        needed = _needed(definition)
        if answered < needed:
            if needed == 1:
                return "Please answer the question before sending."
            return (
                f"Please answer at least {needed} of the {definition.item_count} questions "
                f"(you have answered {answered})."
            )
    if field.startswith(("answers[", "activities[")):
        index = int(field[field.index("[") + 1 : -1])
        return f"{definition.item(index + 1).label}: {error.message}"
    return error.message


@login_required
def instrument_packs(request: AuthenticatedRequest) -> HttpResponse:
    """A clinic admin loads licensed wording (an instrument pack file) for an instrument."""
    require_admin(request)
    clinic = current_clinic(request)
    status = 200
    problems: list[str] = []
    if request.method == "POST":
        form = PackUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                stored = load_clinic_pack(
                    actor=request.user,
                    clinic=clinic,
                    upload=form.cleaned_data["file"],
                    request=request,
                )
            except outcomes.PackError as error:
                problems = list(error.problems)
            else:
                messages.success(request, f"Wording for {stored.get_instrument_display()} loaded.")
                return redirect("instrument_packs")
        status = 422
    else:
        form = PackUploadForm()
    context = {
        "form": form,
        "problems": problems,
        "errors": error_summary(form) if form.is_bound else [],
        "packs": clinic.instrument_packs.select_related("uploaded_by"),
        "licensed": [i for i in outcomes.instruments().values() if not i.ships_wording],
    }
    return render(request, "intake/instrument_packs.html", context, status=status)
