"""Storing the red-flag screens: at intake, before a session, and the red flags of a check-in."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from knotwork.audit.models import AuditAction
from knotwork.audit.services import record
from knotwork.domain import safety
from knotwork.intake.models import CheckInScreen, Intake, PreSessionScreen, RedFlagScreen
from knotwork.intake.services.safety.alerts import raise_emergency_alert
from knotwork.intake.services.safety.gate import SafetyInputError

if TYPE_CHECKING:
    from knotwork.accounts.models import User
    from knotwork.patients.models import Patient


def latest_region_ids(patient: Patient) -> list[str]:
    """The regions of the patient's latest pain map (empty when none is on record)."""
    latest = patient.pain_maps.prefetch_related("marks").first()
    return [mark.region for mark in latest.marks.all()] if latest else []


def _answers(raw: Mapping[str, bool | None]) -> dict[str, bool | None]:
    return {str(key): value for key, value in raw.items()}


def _store[Screen: (RedFlagScreen, PreSessionScreen, CheckInScreen)](
    model: type[Screen],
    *,
    actor: User | None,
    patient: Patient,
    outcome: safety.ScreenOutcome,
    subject: str,
    detail: str,
    alert_source: str,
    request: HttpRequest | None,
    **fields: Any,
) -> Screen:
    """Store a screen with its urgency, audit it, and alert the clinic at once on an emergency
    answer: the same for every screen, wherever its answers came from."""
    screen = model._default_manager.create(
        patient=patient,
        urgency=outcome.urgency or "",
        recorded_by=actor if actor is not None and actor.is_authenticated else None,
        **fields,
    )
    record(
        actor=actor,
        patient=patient,
        action=AuditAction.CREATE,
        subject=subject,
        subject_id=screen.pk,
        detail=detail,
        request=request,
    )
    if outcome.alert_clinic:
        raise_emergency_alert(patient=patient, source=alert_source)
    return screen


def _findings(outcome: safety.ScreenOutcome) -> str:
    return f"urgency: {outcome.urgency or 'none'}; findings: " + (
        ", ".join(f.key for f in outcome.findings) or "none"
    )


@transaction.atomic
def record_intake_screen(
    *,
    actor: User | None,
    patient: Patient,
    answers: Mapping[str, bool | None],
    region_ids: Iterable[str] = (),
    pain_types: Iterable[str] = (),
    intake: Intake | None = None,
    on: date | None = None,
    request: HttpRequest | None = None,
) -> RedFlagScreen:
    """Store an intake red-flag screen, with the regions and pain types its questions were
    chosen for; an emergency answer alerts the clinic at once."""
    on = on or timezone.localdate()
    regions, types = list(region_ids), list(pain_types)
    try:
        outcome = safety.screen_intake(
            _answers(answers), on=on, region_ids=regions or None, pain_types=types or None
        )
    except (safety.ScreenError, ValueError) as error:
        raise SafetyInputError("answers", str(error)) from None
    return _store(
        RedFlagScreen,
        actor=actor,
        patient=patient,
        outcome=outcome,
        subject="red_flag_screen",
        detail=_findings(outcome),
        alert_source="red-flag screen",
        request=request,
        intake=intake,
        screened_on=on,
        answers=dict(answers),
        region_ids=regions,
        pain_types=types,
    )


@transaction.atomic
def record_pre_session_screen(
    *,
    actor: User | None,
    patient: Patient,
    answers: Mapping[str, bool | None],
    on: date,
    request: HttpRequest | None = None,
) -> PreSessionScreen:
    """Store the short screen for the day `on`; every question asked must have a yes or no."""
    if on > timezone.localdate():
        raise SafetyInputError("screened_on", "A screen describes today or an earlier day.")
    regions = latest_region_ids(patient)
    try:
        outcome = safety.screen_pre_session(_answers(answers), on=on, region_ids=regions or None)
    except safety.ScreenError as error:
        raise SafetyInputError("answers", str(error)) from None
    if outcome.unanswered:
        raise SafetyInputError(
            f"answers.{outcome.unanswered[0]}", "Answer yes or no to every question."
        )
    return _store(
        PreSessionScreen,
        actor=actor,
        patient=patient,
        outcome=outcome,
        subject="pre_session_screen",
        detail=f"for {on.isoformat()}; urgency: {outcome.urgency or 'none'}",
        alert_source="pre-session screen",
        request=request,
        screened_on=on,
        answers=dict(answers),
        region_ids=regions,
    )


@transaction.atomic
def record_check_in_screen(
    *,
    actor: User | None,
    patient: Patient,
    symptoms: Iterable[str],
    on: date,
    request: HttpRequest | None = None,
) -> safety.ScreenOutcome | None:
    """Store the red flags among the symptoms of an aftercare check-in; None when there are none.

    The same answer before a session or at intake closes the gate alike: urgent until a
    clearance, emergency with the clinic alerted at once. Audited like the other screens.
    """
    try:
        answers = safety.check_in_answers(symptoms)
    except safety.ScreenError as error:
        raise SafetyInputError("symptoms", str(error)) from None
    if not answers:
        return None
    outcome = safety.screen_check_in(answers, on=on)
    _store(
        CheckInScreen,
        actor=actor,
        patient=patient,
        outcome=outcome,
        subject="check_in_screen",
        detail=_findings(outcome),
        alert_source="aftercare check-in",
        request=request,
        screened_on=on,
        answers=answers,
    )
    return outcome
