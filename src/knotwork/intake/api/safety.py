"""API: the gate decision, red-flag and pre-session screens, clearances (staff), pre-session
screen (staff and the patient)."""

from __future__ import annotations

from typing import Literal

from django.utils import timezone
from ninja import Query, Router, Status
from ninja.pagination import paginate

from knotwork.clinics.querysets import is_staff_of
from knotwork.common.errors import responses
from knotwork.common.pagination import Page, Paged, paged
from knotwork.common.requests import AuthenticatedRequest
from knotwork.domain import safety
from knotwork.domain.safety.screen import RoutinePolicy
from knotwork.intake.models import Clearance, RedFlagScreen
from knotwork.intake.models.safety import Screen
from knotwork.intake.schemas import (
    ClearanceIn,
    ClearanceOut,
    GateOut,
    GateQuery,
    NotAskedOut,
    PreSessionIn,
    ScreenOut,
)
from knotwork.intake.services.safety import (
    SafetyInputError,
    gate_for,
    record_clearance,
    record_pre_session_screen,
)
from knotwork.patients.models import Patient
from knotwork.patients.querysets import fetch_or_404, get_patient_for_staff, get_patient_for_user

router = Router(tags=["safety gate"])


def gate_out(decision: safety.GateDecision) -> GateOut:
    return GateOut(**decision.to_dict())


@router.get(
    "/patients/{patient_id}/gate/{action}",
    response=responses(GateOut),
    summary="May a course start (start_course) or a session be recorded (record_session)? "
    "A read (audited as one); staff only",
)
def get_gate(
    request: AuthenticatedRequest,
    patient_id: int,
    action: Literal["start_course", "record_session"],
    query: Query[GateQuery],
) -> GateOut:
    # Asking is a read of the patient's record, not a decision that acts: a read entry.
    patient = fetch_or_404(
        request, Patient.objects.all(), patient_id, read="gate", read_id=action, staff_only=True
    )
    decision = gate_for(patient, action, on=query.on)
    return gate_out(decision)


def screen_out(screen: Screen) -> ScreenOut:
    outcome = screen.outcome()
    policy: RoutinePolicy = (
        "before_first_session"
        if screen.patient.clinic.routine_flags_need_clearance
        else "within_course"
    )
    skipped = screen.selection().skipped if isinstance(screen, RedFlagScreen) else ()
    return ScreenOut(
        id=screen.pk,
        message=outcome.patient_message(policy),
        not_asked=[
            NotAskedOut(key=item.flag.id, question=item.flag.question, reason=item.reason)
            for item in skipped
        ],
        **{k: v for k, v in outcome.to_dict().items()},
    )


@router.get(
    "/patients/{patient_id}/screens",
    response=responses(list[ScreenOut]),
    summary="Every red-flag and pre-session screen of a patient (staff only)",
)
@paginate(Page)
def list_screens(request: AuthenticatedRequest, patient_id: int) -> list[ScreenOut]:
    patient = fetch_or_404(
        request, Patient.objects.all(), patient_id, read="screens", staff_only=True
    )
    rows = [*patient.red_flag_screens.all(), *patient.pre_session_screens.all()]
    return [screen_out(s) for s in rows]


@router.post(
    "/patients/{patient_id}/pre-session-screens",
    response=responses(ScreenOut, 201),
    summary="Record the short screen before a session (the patient answers for today only)",
)
def add_pre_session_screen(
    request: AuthenticatedRequest, patient_id: int, payload: PreSessionIn
) -> Status[ScreenOut]:
    patient = get_patient_for_user(request.user, patient_id)
    on = payload.screened_on or timezone.localdate()
    if not is_staff_of(request, patient.clinic_id) and on != timezone.localdate():
        raise SafetyInputError("screened_on", "a patient answers the screen for today")
    screen = record_pre_session_screen(
        actor=request.user, patient=patient, answers=payload.answers, on=on, request=request
    )
    return Status(201, screen_out(screen))


def clearance_out(clearance: Clearance) -> ClearanceOut:
    return ClearanceOut(
        id=clearance.pk,
        cleared_by=clearance.cleared_by,
        cleared_on=clearance.cleared_on,
        keys=list(clearance.keys),
        note=clearance.note,
        has_letter=bool(clearance.letter),
        recorded_by=str(clearance.recorded_by) if clearance.recorded_by else None,
    )


@router.get(
    "/patients/{patient_id}/clearances",
    response=responses(list[ClearanceOut]),
    summary="A patient's physician clearances (staff only)",
)
@paginate(Page)
def list_clearances(
    request: AuthenticatedRequest, patient_id: int
) -> Paged[Clearance, ClearanceOut]:
    patient = fetch_or_404(
        request, Patient.objects.all(), patient_id, read="clearances", staff_only=True
    )
    return paged(patient.clearances.select_related("recorded_by"), clearance_out)


@router.post(
    "/patients/{patient_id}/clearances",
    response=responses(ClearanceOut, 201),
    summary="Record a physician clearance for named findings (staff only; letters: web page)",
)
def add_clearance(
    request: AuthenticatedRequest, patient_id: int, payload: ClearanceIn
) -> Status[ClearanceOut]:
    patient = get_patient_for_staff(request.user, patient_id)
    clearance = record_clearance(
        actor=request.user,
        patient=patient,
        cleared_by=payload.cleared_by,
        cleared_on=payload.cleared_on,
        keys=payload.keys,
        note=payload.note,
        request=request,
    )
    return Status(201, clearance_out(clearance))
