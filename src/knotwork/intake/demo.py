"""Demo intakes: each demo patient's synthetic answers, filled in the way the pages fill them.

Every step goes through its form and `save_step`, the intake is submitted with
`submit_intake`, and the baseline questionnaires it sends are answered with `record_response`,
so the demo holds exactly what a real intake would leave behind (screens, audit entries, scores).
Nothing here is a real person's answer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from knotwork.common.errors import Refusal
from knotwork.domain import safety
from knotwork.intake.forms.steps import FORMS, MEDICINES_FLAG
from knotwork.intake.models import AssignmentStatus, InstrumentAssignment, Intake
from knotwork.intake.services.instruments import record_response
from knotwork.intake.services.intake import save_step, start_intake, step_context, submit_intake
from knotwork.intake.services.safety import record_clearance
from knotwork.intake.steps import STEP_IDS

if TYPE_CHECKING:
    from knotwork.accounts.models import User
    from knotwork.patients.models import Patient


class DemoIntakeError(Refusal):
    """A demo answer the intake's forms refuse; the message names the step and the fields."""


@dataclass(frozen=True)
class DemoIntake:
    """One demo patient's intake answers (POST data per step), baseline answers and clearance.

    `red_flags` are the safety questions answered yes (every other one is answered no);
    `baseline` maps an instrument id to its item answers, `activities` names the PSFS ones.
    """

    steps: Mapping[str, Mapping[str, Any]]
    baseline: Mapping[str, Sequence[int | None]]
    activities: Sequence[str] = ()
    red_flags: Sequence[str] = ()
    cleared_by: str = ""
    clearance_note: str = ""


def _steps(
    reason: str,
    duration: str,
    started: str,
    factors: list[str],
    aggravating: list[str],
    daily: dict[str, str],
    medicines: str,
    goals: str,
) -> dict[str, dict[str, Any]]:
    return {
        "reason": {"reason": reason},
        # The pain map drawn first already says where it hurts.
        "where": {},
        "onset": {"duration": duration},
        "start": {"started": started, "factors": factors},
        "positions": {"aggravating": aggravating},
        "daily": daily,
        "medicines": {"medicines": medicines, "anticoagulant": "no"},
        "history": {"earlier_treatment": "", "goals": goals},
        "questionnaires": {},
    }


# Keyed by the demo patient's given name (knotwork/demo.py); answers fit each history there.
DEMO_INTAKES: dict[str, DemoIntake] = {
    "Jordan": DemoIntake(
        steps=_steps(
            "Low back pain on the right since lifting boxes at work.",
            "acute",
            "sudden",
            ["lifting", "bending_twisting"],
            ["pain_rising", "pain_turning_in_bed", "pain_bending_lifting"],
            {"work": "Warehouse picker", "sleep": "sometimes", "stress": "6"},
            "Ibuprofen when needed",
            "Work a full shift without pain",
        ),
        baseline={
            "nprs": [6],
            "odi": [3, 1, 2, 2, 1, 2, 1, None, 0, 2],
            "psfs": [4, 3, 5, None, None],
            "start_back": [0, 0, 0, 1, 0, 1, 0, 0, 2],
        },
        activities=["Lifting boxes at work", "Getting out of bed", "Playing with my kids", "", ""],
    ),
    "Priya": DemoIntake(
        steps=_steps(
            "Neck and right shoulder pain with headaches at the temple in the afternoons.",
            "chronic",
            "gradual",
            ["prolonged_sitting", "head_forward_posture", "emotional_stress"],
            ["neck_stiffness", "pain_reaching"],
            {"work": "Software developer, laptop all day", "sleep": "sometimes", "stress": "8"},
            "None",
            "Get through a working day without a headache",
        ),
        baseline={
            "nprs": [5],
            "ndi": [2, 1, 1, 2, 3, 2, 2, 1, 2, 1],
            "psfs": [5, 4, None, None, None],
        },
        activities=["Working at the laptop for two hours", "Reading in the evening", "", "", ""],
    ),
    "Tom": DemoIntake(
        steps=_steps(
            "Aching in the left buttock and hip after long shifts driving.",
            "chronic",
            "gradual",
            ["prolonged_sitting"],
            ["pain_sitting", "pain_lying_on_side"],
            {"work": "Bus driver, eight-hour shifts", "sleep": "most_nights", "stress": "4"},
            "Paracetamol",
            "Drive a full shift and sleep on my left side again",
        ),
        baseline={
            "nprs": [5],
            "odi": [2, 1, 1, 2, 1, 3, 2, None, 1, 2],
            "psfs": [3, 4, None, None, None],
            "start_back": [1, 0, 0, 0, 0, 1, 0, 0, 2],
        },
        activities=["Driving a full shift", "Sleeping on my left side", "", "", ""],
        # Eight months without improvement: a routine flag, so the demo shows a clearance.
        red_flags=["rf_no_improvement"],
        cleared_by="Dr. Hana Meyer (demo), general practitioner",
        clearance_note="Examined; no sign of serious disease. Fit for soft-tissue therapy.",
    ),
    "Aiko": DemoIntake(
        steps=_steps(
            "Jaw pain on both sides and in front of the ears, worst in the morning.",
            "chronic",
            "gradual",
            ["bruxism_clenching", "emotional_stress"],
            ["pain_chewing", "restricted_mouth_opening"],
            {"work": "Teacher", "sleep": "sometimes", "stress": "7"},
            "None",
            "Eat an apple without jaw pain",
        ),
        baseline={"nprs": [6], "psfs": [4, 5, None, None, None]},
        activities=["Eating a whole meal", "Talking through a lesson", "", "", ""],
    ),
    "Lena": DemoIntake(
        steps=_steps(
            "Pain between the shoulder blades and at the top of the left shoulder.",
            "acute",
            "gradual",
            ["sports", "repetitive_motion"],
            ["pain_reaching"],
            {"work": "Student, rows six times a week", "sleep": "good", "stress": "3"},
            "None",
            "Row full training sessions again",
        ),
        baseline={
            "nprs": [4],
            "ndi": [2, 0, 1, 1, 1, 1, 0, 2, 0, 2],
            "psfs": [5, None, None, None, None],
        },
        activities=["Rowing an hour at full pressure", "", "", "", ""],
    ),
}


def _red_flag_data(context: Mapping[str, Any], yes: Sequence[str]) -> dict[str, str]:
    """Every safety question of the step answered no, except those in `yes`."""
    flags = safety.questions_for(
        context.get("region_ids") or None, context.get("where_pain_types") or None
    )
    return {
        flag.id: "yes" if flag.id in yes else "no" for flag in flags if flag.id != MEDICINES_FLAG
    }


def complete_intake(
    *,
    actor: User,
    patient: Patient,
    steps: Mapping[str, Mapping[str, Any]],
    red_flags: Sequence[str] = (),
) -> Intake:
    """Start, answer every step through its form (as the pages do) and submit an intake."""
    intake = start_intake(actor=actor, patient=patient)
    for step in STEP_IDS:
        context = step_context(intake)
        data = _red_flag_data(context, red_flags) if step == "red_flags" else steps[step]
        form = FORMS[step](data, context=context)
        if not form.is_valid():
            raise DemoIntakeError(f"intake step {step!r} refused: {form.errors.as_text()}")
        save_step(actor=actor, intake=intake, step=step, answers=form.answers())
    return submit_intake(actor=actor, intake=intake)


def seed_demo_intake(*, actor: User, patient: Patient, given_name: str) -> Intake | None:
    """The demo patient's submitted intake, scored baselines and any clearance; None if none."""
    demo = DEMO_INTAKES.get(given_name)
    if demo is None:
        return None
    intake = complete_intake(
        actor=actor, patient=patient, steps=demo.steps, red_flags=demo.red_flags
    )
    sent = InstrumentAssignment.objects.filter(intake=intake, status=AssignmentStatus.SENT)
    for assignment in sent:
        answers = demo.baseline.get(assignment.instrument)
        if answers is None:
            continue
        activities = demo.activities if assignment.instrument == "psfs" else ()
        record_response(
            actor=actor, assignment=assignment, answers=list(answers), activities=activities
        )
    if demo.red_flags and demo.cleared_by:
        record_clearance(
            actor=actor,
            patient=patient,
            cleared_by=demo.cleared_by,
            cleared_on=timezone.localdate(),
            keys=demo.red_flags,
            note=demo.clearance_note,
        )
    return intake
