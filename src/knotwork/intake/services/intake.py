"""Writers for the intake: start or resume a draft, save one validated step, submit.

A step is stored whole or not at all (the view validates it with its form first). The red-flag
answers become a stored screen as soon as they are saved, so the gate closes even when the
patient never finishes; an emergency answer stops the intake there and alerts the clinic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from knotwork.audit.models import AuditAction
from knotwork.audit.services import diff, record
from knotwork.common.errors import Conflict
from knotwork.domain import anatomy, outcomes, safety
from knotwork.intake.forms.steps import MEDICINES_FLAG
from knotwork.intake.models import FilledVia, Intake, IntakeStatus, Purpose
from knotwork.intake.services.instruments import assign_instrument, record_response
from knotwork.intake.services.safety import latest_region_ids, record_intake_screen
from knotwork.intake.steps import STEP_IDS, first_open_step, reachable

if TYPE_CHECKING:
    from knotwork.accounts.models import User
    from knotwork.patients.models import Patient

# The intake asks stress 0-10 itself and stores it as the stress rating's baseline (D.8).
ASKED_IN_INTAKE = ("stress",)


class IntakeClosed(Conflict):
    """The intake was submitted or stopped; it cannot change any more."""


class StepOutOfOrder(Conflict):
    """A step was posted before the steps it depends on were saved."""


def via_for(actor: User, patient: Patient) -> FilledVia:
    return FilledVia.PATIENT if patient.user_id == actor.pk else FilledVia.CLINIC


@transaction.atomic
def start_intake(*, actor: User, patient: Patient, request: HttpRequest | None = None) -> Intake:
    """The patient's open draft, or a new one."""
    draft = patient.intakes.select_for_update().filter(status=IntakeStatus.DRAFT).first()
    if draft is not None:
        return draft
    intake = Intake.objects.create(
        patient=patient, filled_via=via_for(actor, patient), started_by=actor
    )
    record(
        actor=actor,
        patient=patient,
        action=AuditAction.CREATE,
        subject="intake",
        subject_id=intake.pk,
        detail=f"intake started ({intake.filled_via})",
        request=request,
    )
    return intake


def step_context(intake: Intake) -> dict[str, Any]:
    """What the step forms need to know: the latest pain map's painful regions and pain types
    (a 0 mark is "checked, no pain", and a no-pain map has none)."""
    patient = intake.patient
    latest = patient.pain_maps.prefetch_related("marks").first()
    regions = [m.region for m in latest.marks.all() if m.intensity > 0] if latest else []
    pain_types = sorted({anatomy.region(r).pain_type for r in regions})
    return {
        "region_ids": regions,
        "map_pain_types": pain_types,
        # What the patient named under "Where is your pain?": with the map's regions it
        # decides which red-flag questions are asked.
        "where_pain_types": list(intake.step_answers("where").get("pain_types") or []),
        "pain_map_id": latest.pk if latest else None,
        "pain_map": latest,
    }


def screen_answers(intake: Intake) -> dict[str, bool | None]:
    """This intake's red-flag answers, with the blood-thinner question of the medicines step."""
    answers: dict[str, bool | None] = dict(intake.step_answers("red_flags"))
    answers[MEDICINES_FLAG] = intake.step_answers("medicines").get("anticoagulant")
    return answers


def _record_screen_if_changed(
    actor: User, intake: Intake, request: HttpRequest | None
) -> safety.ScreenOutcome:
    answers = screen_answers(intake)
    regions = latest_region_ids(intake.patient)
    types = list(intake.step_answers("where").get("pain_types") or [])
    last = intake.screens.order_by("-id").first()
    changed = last is None or (last.answers, last.region_ids, last.pain_types) != (
        answers,
        regions,
        types,
    )
    if changed:
        last = record_intake_screen(
            actor=actor,
            patient=intake.patient,
            answers=answers,
            region_ids=regions,
            pain_types=types,
            intake=intake,
            request=request,
        )
    assert last is not None  # recorded just above when there was none
    return last.outcome()


@transaction.atomic
def save_step(
    *,
    actor: User,
    intake: Intake,
    step: str,
    answers: dict[str, Any],
    request: HttpRequest | None = None,
) -> safety.ScreenOutcome | None:
    """Store one step's validated answers; returns the screen outcome once red flags are in."""
    intake = Intake.objects.select_for_update().get(pk=intake.pk)
    if not intake.is_open:
        raise IntakeClosed("This intake is finished; it can no longer change.")
    if step not in STEP_IDS or not reachable(step, set(intake.answers)):
        raise StepOutOfOrder(f"Answer the earlier steps before {step!r}.")
    earlier = intake.answers.get(step) or {}
    intake.answers = {**intake.answers, step: answers}
    intake.save(update_fields=["answers", "updated_at"])
    record(
        actor=actor,
        patient=intake.patient,
        action=AuditAction.CHANGE,
        subject="intake",
        subject_id=intake.pk,
        detail=f"step {step} saved",
        # Each answer that changed, "step.question": old and new (free text included).
        changes=diff(
            {f"{step}.{key}": value for key, value in earlier.items()},
            {f"{step}.{key}": value for key, value in answers.items()},
        ),
        request=request,
    )
    outcome = None
    if "red_flags" in intake.answers and step in ("medicines", "red_flags"):
        outcome = _record_screen_if_changed(actor, intake, request)
        if outcome.stop:
            intake.status = IntakeStatus.STOPPED
            intake.finished_at = timezone.now()
            intake.save(update_fields=["status", "finished_at", "updated_at"])
            record(
                actor=actor,
                patient=intake.patient,
                action=AuditAction.CHANGE,
                subject="intake",
                subject_id=intake.pk,
                detail="intake stopped: emergency answer, emergency care advised",
                request=request,
            )
    return outcome


def baseline_for(intake: Intake) -> tuple[str, ...]:
    """The baseline instruments suited to the pain types given, less those the intake asks."""
    pain_types = intake.step_answers("where").get("pain_types") or ["other"]
    return tuple(i for i in outcomes.baseline_instruments(pain_types) if i not in ASKED_IN_INTAKE)


@transaction.atomic
def submit_intake(*, actor: User, intake: Intake, request: HttpRequest | None = None) -> Intake:
    """Finish the intake: store the stress rating and send the baseline instruments."""
    intake = Intake.objects.select_for_update().get(pk=intake.pk)
    if not intake.is_open:
        raise IntakeClosed("This intake is finished already.")
    missing = first_open_step(set(intake.answers))
    if missing is not None:
        raise StepOutOfOrder(f"Step {missing!r} is not answered yet.")
    patient = intake.patient
    stress = assign_instrument(
        actor=actor, patient=patient, instrument="stress", purpose=Purpose.BASELINE, intake=intake
    )
    record_response(
        actor=actor, assignment=stress, answers=[intake.step_answers("daily")["stress"]]
    )
    for instrument in baseline_for(intake):
        assign_instrument(
            actor=actor,
            patient=patient,
            instrument=instrument,
            purpose=Purpose.BASELINE,
            intake=intake,
            request=request,
        )
    intake.status = IntakeStatus.SUBMITTED
    intake.finished_at = timezone.now()
    intake.save(update_fields=["status", "finished_at", "updated_at"])
    record(
        actor=actor,
        patient=patient,
        action=AuditAction.CHANGE,
        subject="intake",
        subject_id=intake.pk,
        detail="intake submitted",
        request=request,
    )
    return intake
