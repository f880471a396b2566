"""API: instrument definitions, sending one to a patient, answering it, scores and change."""

from __future__ import annotations

from ninja import Router, Status
from ninja.pagination import paginate

from knotwork.common.errors import responses
from knotwork.common.pagination import Page, Paged, paged
from knotwork.common.requests import AuthenticatedRequest
from knotwork.domain import outcomes
from knotwork.intake.models import InstrumentAssignment, InstrumentResponse
from knotwork.intake.schemas import (
    AnswersIn,
    AssignmentDetailOut,
    AssignmentIn,
    AssignmentOut,
    ChangeOut,
    InstrumentOut,
    ItemOut,
    OptionOut,
    OutcomeOut,
    ReadingOut,
    ResponseOut,
)
from knotwork.intake.services.instruments import (
    assign_instrument,
    definition_for,
    outcomes_for,
    record_response,
)
from knotwork.patients.models import Patient, PatientScopedQuerySet
from knotwork.patients.querysets import fetch_or_404, get_patient_for_staff

router = Router(tags=["instruments"])


def instrument_out(definition: outcomes.Instrument) -> InstrumentOut:
    low, high = definition.repeat or (definition.item_count, definition.item_count)
    return InstrumentOut(
        id=definition.id,
        name=definition.name,
        version=definition.version,
        timeframe=definition.timeframe,
        instructions=definition.instructions,
        ships_wording=definition.ships_wording,
        min_items=low,
        max_items=high,
        items=[
            ItemOut(
                number=item.number,
                label=item.label,
                text=item.text,
                options=[
                    OptionOut(
                        value=value,
                        label=next(
                            (o.label for o in item.response.options if o.value == value),
                            (item.response.anchors or {}).get(value, str(value)),
                        ),
                    )
                    for value in item.response.values
                ],
            )
            for item in definition.items
        ],
    )


@router.get(
    "/instruments",
    response=responses(list[InstrumentOut]),
    summary="The outcome instruments Knotwork scores (our neutral labels)",
)
@paginate(Page)
def list_instruments(request: AuthenticatedRequest) -> list[InstrumentOut]:
    return [instrument_out(d) for d in outcomes.instruments().values()]


def response_out(response: InstrumentResponse) -> ResponseOut:
    return ResponseOut(
        id=response.pk,
        answers=list(response.answers),
        activities=list(response.activities),
        result=dict(response.result),
        answered_at=response.answered_at,
        answered_by=str(response.answered_by) if response.answered_by else None,
    )


def assignment_out(assignment: InstrumentAssignment) -> AssignmentOut:
    response = getattr(assignment, "response", None)
    return AssignmentOut(
        id=assignment.pk,
        patient_id=assignment.patient_id,
        instrument=assignment.instrument,
        name=assignment.definition.name,
        purpose=assignment.purpose,
        status=assignment.status,
        sent_at=assignment.sent_at,
        completed_at=assignment.completed_at,
        response=response_out(response) if response is not None else None,
    )


@router.get(
    "/patients/{patient_id}/instrument-assignments",
    response=responses(list[AssignmentOut]),
    summary="Instruments sent to a patient, with answers and scores",
)
@paginate(Page)
def list_assignments(
    request: AuthenticatedRequest, patient_id: int
) -> Paged[InstrumentAssignment, AssignmentOut]:
    patient = fetch_or_404(
        request, Patient.objects.all(), patient_id, read="instrument_assignments"
    )
    rows = patient.instrument_assignments.select_related("response", "response__answered_by")
    return paged(rows, assignment_out)


@router.post(
    "/patients/{patient_id}/instrument-assignments",
    response=responses(AssignmentOut, 201),
    summary="Send an instrument to a patient (staff only)",
)
def add_assignment(
    request: AuthenticatedRequest, patient_id: int, payload: AssignmentIn
) -> Status[AssignmentOut]:
    patient = get_patient_for_staff(request.user, patient_id)
    assignment = assign_instrument(
        actor=request.user,
        patient=patient,
        instrument=payload.instrument,
        purpose=payload.purpose,
        request=request,
    )
    return Status(201, assignment_out(assignment))


def _assignments() -> PatientScopedQuerySet[InstrumentAssignment]:
    return InstrumentAssignment.objects.select_related("patient__clinic")


def _assignment(request: AuthenticatedRequest, assignment_id: int) -> InstrumentAssignment:
    return _assignments().get_for_user_or_404(request.user, assignment_id)


@router.get(
    "/instrument-assignments/{assignment_id}",
    response=responses(AssignmentDetailOut),
    summary="One assignment with its items (the clinic's licensed wording when loaded)",
)
def get_assignment(request: AuthenticatedRequest, assignment_id: int) -> AssignmentDetailOut:
    assignment = fetch_or_404(request, _assignments(), assignment_id, read="instrument_assignment")
    definition = definition_for(assignment.patient.clinic, assignment.instrument)
    return AssignmentDetailOut(
        **assignment_out(assignment).model_dump(exclude={"response"}),
        response=None,
        definition=instrument_out(definition),
    )


@router.post(
    "/instrument-assignments/{assignment_id}/response",
    response=responses(ResponseOut, 201),
    summary="Answer an instrument: scored at once; refused whole, naming the item, if one is wrong",
)
def answer_assignment(
    request: AuthenticatedRequest, assignment_id: int, payload: AnswersIn
) -> Status[ResponseOut]:
    assignment = _assignment(request, assignment_id)
    response = record_response(
        actor=request.user,
        assignment=assignment,
        answers=payload.answers,
        activities=payload.activities,
        request=request,
    )
    return Status(201, response_out(response))


@router.get(
    "/patients/{patient_id}/outcomes",
    response=responses(list[OutcomeOut]),
    summary="Scores, bands and change from baseline by MCID, per instrument (staff only)",
)
@paginate(Page)
def list_outcomes(request: AuthenticatedRequest, patient_id: int) -> list[OutcomeOut]:
    patient = fetch_or_404(
        request, Patient.objects.all(), patient_id, read="outcomes", staff_only=True
    )
    rows = []
    for row in outcomes_for(patient):
        change = row.change.to_dict() if row.change else None
        rows.append(
            OutcomeOut(
                instrument=row.instrument.id,
                name=row.instrument.name,
                scores=[
                    {**r.result, "answered_at": r.answered_at.isoformat()} for r in row.responses
                ],
                baseline=row.baseline.result,
                latest=row.latest.result,
                current=ReadingOut(
                    at=row.current.at, value=row.current.value, source=row.current.source
                )
                if row.current
                else None,
                current_rule=outcomes.CURRENT_RULE,
                change=ChangeOut(**{k: change[k] for k in ChangeOut.model_fields})
                if change
                else None,
            )
        )
    return rows
