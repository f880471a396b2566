"""What courses need from the intake app, in one place: the safety gate, baseline and stress.

The intake app owns the red-flag screen, the gate and the instrument responses; courses only
read them through its documented services, imported lazily so that neither app imports the
other at load time. When the intake app cannot answer, the gate stays shut (fail closed): a
course must never start, nor a session be recorded, because a safety check could not run.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from django.utils import timezone

from knotwork.domain.safety import GateDecision

if TYPE_CHECKING:
    from django.http import HttpRequest

    from knotwork.accounts.models import User
    from knotwork.patients.models import Patient

# The primary disability instrument per pain type (issue 6): ODI for low back, NDI for neck,
# PSFS for everything else.
DISABILITY_BY_PAIN_TYPE = {"low_back": "odi", "neck": "ndi"}
DISABILITY_INSTRUMENTS = ("odi", "ndi", "psfs")


def gate_for(
    patient: Patient,
    action: str,
    on: date,
    *,
    actor: User | None = None,
    request: HttpRequest | None = None,
) -> GateDecision:
    """The intake's gate decision for `action` on day `on` (it audits every decision)."""
    try:
        from knotwork.intake.services import gate_for as intake_gate_for
    except ImportError:
        return GateDecision(
            action=action,  # type: ignore[arg-type]
            decided_on=on,
            open=False,
            reasons=("The red-flag screen is not available, so the safety gate stays shut.",),
            outstanding=(),
            reminders=(),
        )
    return intake_gate_for(patient, action, on=on, actor=actor, request=request)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Score:
    """One instrument score from the intake, with when it was given."""

    instrument: str
    value: float
    at: datetime | date


def score_history(patient: Patient, instrument: str) -> list[Score]:
    """The patient's valid scores of `instrument` from the intake, oldest first."""
    try:
        from knotwork.intake.services.instruments import outcomes_for
    except ImportError:
        return []
    for outcome in outcomes_for(patient):
        if outcome.instrument.id == instrument:
            return [
                Score(instrument, float(response.score), response.answered_at)
                for response in outcome.responses
                if response.score is not None
            ]
    return []


def moment(at: datetime | date) -> datetime:
    """A score's time as an aware datetime (a bare date counts from its midnight)."""
    if isinstance(at, datetime):
        return at
    return timezone.make_aware(datetime.combine(at, time.min))


def latest_score(
    patient: Patient,
    instrument: str,
    *,
    since: datetime | None = None,
    before: datetime | None = None,
) -> Score | None:
    """The most recent valid score of `instrument` given after `since` and before `before`."""
    chosen = [
        score
        for score in score_history(patient, instrument)
        if (since is None or moment(score.at) > since)
        and (before is None or moment(score.at) < before)
    ]
    return chosen[-1] if chosen else None


def stress_rating(patient: Patient) -> int | None:
    """The intake's single-item stress rating 0-10 (reference D.8), if the patient gave one."""
    score = latest_score(patient, "stress")
    return None if score is None else int(score.value)


def intake_pain_types(patient: Patient) -> list[str]:
    """The pain types the patient chose in their latest submitted intake."""
    try:
        from knotwork.intake.models import Intake
    except ImportError:
        return []
    intake = Intake.objects.filter(patient=patient, finished_at__isnull=False).first()
    if intake is None:
        return []
    return list(intake.step_answers("where").get("pain_types") or [])


def dominant_pain_type(patient: Patient) -> str:
    """The pain type the course is measured by (a project rule, see the README of this app).

    Among the pain types of the intake (or, without one, all types), the one carrying the most
    pain intensity on the latest pain map; ties go to the atlas order (low back, neck, headache,
    facial, other). With neither an intake nor a map: "other".
    """
    from knotwork.domain.anatomy import PAIN_TYPES, region

    chosen = [kind for kind in intake_pain_types(patient) if kind in PAIN_TYPES]
    weight: Counter[str] = Counter()
    pain_map = patient.pain_maps.prefetch_related("marks").first()
    if pain_map is not None:
        for mark in pain_map.marks.all():
            weight[region(mark.region).pain_type] += mark.intensity
    candidates = chosen or [kind for kind in PAIN_TYPES if weight[kind]]
    if not candidates:
        return "other"
    return max(candidates, key=lambda kind: (weight[kind], -PAIN_TYPES.index(kind)))


def disability_instrument_for(pain_type: str) -> str:
    return DISABILITY_BY_PAIN_TYPE.get(pain_type, "psfs")
