"""Sending instruments to a patient, storing scored answers, packs and change from baseline.

Scoring is the domain's (`outcomes.score`); a response is stored only when every answer fits
and the score is valid, so a refused submission leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.module_loading import import_string

from knotwork.audit.models import AuditAction
from knotwork.audit.services import record
from knotwork.common.errors import Refusal
from knotwork.domain import outcomes
from knotwork.intake.models import (
    AssignmentStatus,
    InstrumentAssignment,
    InstrumentPackFile,
    InstrumentResponse,
    Intake,
    Purpose,
)

if TYPE_CHECKING:
    from knotwork.accounts.models import User
    from knotwork.clinics.models import Clinic
    from knotwork.patients.models import Patient

ACTIVITY_MAX_LENGTH = 200


class AnswersRefused(Refusal):
    """Answers or a request that cannot be stored; `field` names the item, e.g. `answers[3]`."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, field=field)


def definition_for(clinic: Clinic, instrument_id: str) -> outcomes.Instrument:
    """The instrument with the clinic's licensed wording when it loaded a pack, else ours."""
    definition = outcomes.instrument(instrument_id)
    stored = InstrumentPackFile.objects.filter(clinic=clinic, instrument=instrument_id).first()
    if stored is None:
        return definition
    try:
        return outcomes.apply_pack(definition, stored.pack())
    except outcomes.PackError:
        # A pack that no longer matches (e.g. after a definition update) falls back to our labels.
        return definition


@transaction.atomic
def assign_instrument(
    *,
    actor: User | None,
    patient: Patient,
    instrument: str,
    purpose: str = Purpose.FOLLOW_UP,
    intake: Intake | None = None,
    request: HttpRequest | None = None,
) -> InstrumentAssignment:
    """Send an instrument to the patient; an unanswered one of the same kind is reused."""
    if instrument not in outcomes.INSTRUMENT_IDS:
        raise AnswersRefused(
            "instrument",
            f"unknown instrument {instrument!r}; use {', '.join(outcomes.INSTRUMENT_IDS)}",
        )
    waiting = patient.instrument_assignments.filter(
        instrument=instrument, status=AssignmentStatus.SENT
    ).first()
    if waiting is not None:
        return waiting
    assignment = InstrumentAssignment.objects.create(
        patient=patient,
        instrument=instrument,
        purpose=purpose,
        intake=intake,
        sent_by=actor if actor is not None and actor.is_authenticated else None,
    )
    record(
        actor=actor,
        patient=patient,
        action=AuditAction.CREATE,
        subject="instrument_assignment",
        subject_id=assignment.pk,
        detail=f"{instrument} sent ({purpose})",
        request=request,
    )
    return assignment


def _check_activities(
    definition: outcomes.Instrument, answers: Sequence[int | None], activities: Sequence[str]
) -> list[str]:
    if not definition.variable:
        if activities:
            raise AnswersRefused("activities", f"{definition.id} has no activities to name")
        return []
    if len(activities) != len(answers):
        raise AnswersRefused("activities", "name one activity for each rating")
    names = []
    for index, (name, answer) in enumerate(zip(activities, answers, strict=True)):
        name = name.strip() if isinstance(name, str) else ""
        if answer is not None and not name:
            raise AnswersRefused(f"activities[{index}]", "name the activity you rated")
        if len(name) > ACTIVITY_MAX_LENGTH:
            raise AnswersRefused(f"activities[{index}]", "keep the name under 200 characters")
        names.append(name)
    return names


def score_or_refuse(instrument: str, answers: Sequence[int | None]) -> outcomes.ScoreResult:
    """The score, or AnswersRefused naming the item that does not fit (or why none is valid)."""
    try:
        result = outcomes.score(instrument, list(answers))
    except outcomes.AnswerError as error:
        where = "answers" if error.item == 0 else f"answers[{error.item - 1}]"
        raise AnswersRefused(where, str(error)) from None
    if not result.valid:
        raise AnswersRefused("answers", f"No score yet: {result.reason}. Answer more items.")
    return result


@transaction.atomic
def record_response(
    *,
    actor: User | None,
    assignment: InstrumentAssignment,
    answers: Sequence[int | None],
    activities: Sequence[str] = (),
    request: HttpRequest | None = None,
) -> InstrumentResponse:
    """Score and store the answers to an assignment; refused whole when any answer is wrong."""
    assignment = InstrumentAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.status != AssignmentStatus.SENT:
        raise AnswersRefused(
            "assignment", f"this questionnaire is {assignment.get_status_display().lower()}"
        )
    definition = outcomes.instrument(assignment.instrument)
    names = _check_activities(definition, answers, activities)
    result = score_or_refuse(assignment.instrument, answers)
    response = InstrumentResponse.objects.create(
        assignment=assignment,
        patient=assignment.patient,
        instrument=assignment.instrument,
        answers=list(answers),
        activities=names,
        result=result.to_dict(),
        score=float(result.score) if result.score is not None else None,
        answered_by=actor if actor is not None and actor.is_authenticated else None,
    )
    assignment.status = AssignmentStatus.COMPLETED
    assignment.completed_at = timezone.now()
    assignment.save(update_fields=["status", "completed_at"])
    record(
        actor=actor,
        patient=assignment.patient,
        action=AuditAction.CREATE,
        subject="instrument_response",
        subject_id=response.pk,
        detail=f"{assignment.instrument}: score {result.score}, band {result.band or '-'}",
        request=request,
    )
    return response


# Readings of an instrument recorded elsewhere than in a questionnaire, by apps above this one
# (the courses app: the pain rated before each session). Each is
# `provider(patient, instrument_id) -> list[outcomes.Reading]`; dotted paths, as the patient
# pages' panels, so this app imports none of them.
READING_PROVIDERS: list[str] = ["knotwork.courses.querysets.session_readings"]


def questionnaire_readings(responses: Sequence[InstrumentResponse]) -> list[outcomes.Reading]:
    """The valid scores of answered questionnaires as readings."""
    return [
        outcomes.Reading(r.answered_at, float(r.score), "questionnaire")
        for r in responses
        if r.valid and r.score is not None
    ]


def readings_for(
    patient: Patient, instrument_id: str, responses: Sequence[InstrumentResponse]
) -> list[outcomes.Reading]:
    """Every reading of the instrument: its questionnaires and what other apps recorded."""
    found = questionnaire_readings(responses)
    for path in READING_PROVIDERS:
        provider: Callable[[Patient, str], list[outcomes.Reading]] = import_string(path)
        found.extend(provider(patient, instrument_id))
    return sorted(found, key=lambda reading: reading.at)


@dataclass
class InstrumentOutcome:
    """One instrument's scores for a patient: the series, baseline, current and the change.

    `current` follows `outcomes.CURRENT_RULE` (the most recent reading, a questionnaire or a
    session's pain rating): the same "now" as the course and its summary.
    """

    instrument: outcomes.Instrument
    responses: list[InstrumentResponse]
    change: outcomes.Change | None = None
    points: list[tuple[Any, float]] = field(default_factory=list)
    current: outcomes.Reading | None = None

    @property
    def baseline(self) -> InstrumentResponse:
        return self.responses[0]

    @property
    def latest(self) -> InstrumentResponse:
        return self.responses[-1]


def outcomes_for(patient: Patient) -> list[InstrumentOutcome]:
    """Per instrument answered: every valid score, and the change from the first to the latest."""
    by_instrument: dict[str, list[InstrumentResponse]] = {}
    for response in patient.instrument_responses.order_by("answered_at", "id"):
        if response.valid and response.score is not None:
            by_instrument.setdefault(response.instrument, []).append(response)
    found = []
    for instrument_id in outcomes.INSTRUMENT_IDS:
        rows = by_instrument.get(instrument_id)
        if not rows:
            continue
        row = InstrumentOutcome(outcomes.instrument(instrument_id), rows)
        row.points = [(r.answered_at, float(r.score or 0)) for r in rows]
        readings = readings_for(patient, instrument_id, rows)
        row.current = outcomes.current(readings)
        if len(readings) > 1 and row.current is not None:
            row.change = outcomes.compare(instrument_id, rows[0].result["score"], row.current.value)
        found.append(row)
    return found
