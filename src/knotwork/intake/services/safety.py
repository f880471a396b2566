"""The safety gate and its records: red-flag screens, clearances and clinic alerts.

`gate_for(patient, action, on=date) -> GateDecision` reads the gate without writing (pages and
panels show it); `act_on_gate(patient, action, on=date, actor=..., request=...)` is the service a
courses app calls where the decision acts, when it starts a course (`"start_course"`) or records
a session (`"record_session"`), and live feedback when it opens: go ahead only when
`decision.open` is True, and show `decision.reasons` otherwise and `decision.plan_notes` on every
session plan. Both read every screen and clearance on record and apply the clinic's routine-flag
policy; `act_on_gate` writes an audit entry (AuditAction.GATE) for the decision, open or
closed. There is no parameter, role or setting that skips the gate: only a recorded clearance
(`record_clearance`) opens a gate that a finding closed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from knotwork.audit.models import AuditAction
from knotwork.audit.services import record
from knotwork.clinics.models import Membership, Role
from knotwork.common.errors import Conflict, Refusal
from knotwork.common.links import absolute_url
from knotwork.domain import safety
from knotwork.intake.letters import LetterRefused, rebuilt_letter
from knotwork.intake.models import (
    CheckInScreen,
    Clearance,
    ClinicAlert,
    Intake,
    PreSessionScreen,
    RedFlagScreen,
)
from knotwork.intake.models.safety import AlertKind
from knotwork.outbox.services import queue_mail

if TYPE_CHECKING:
    from knotwork.accounts.models import User
    from knotwork.clinics.models import Clinic
    from knotwork.patients.models import Patient

ACTIONS: tuple[safety.Action, ...] = ("start_course", "record_session")


class SafetyInputError(Refusal):
    """Input a screen or clearance cannot accept; `field` names the offending field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, field=field)


class GateClosed(Conflict):
    """The safety gate is shut for an action (409); `decision.reasons` say why.

    Its errors: `gate` for each reason, `clearances.<finding key>` for each finding that awaits
    a clearance. Every app that refuses an action at the gate raises this (or a subclass).
    """

    def __init__(self, decision: safety.GateDecision) -> None:
        super().__init__(
            "The safety gate is shut: " + (" ".join(decision.reasons) or "see the reasons."),
            errors=[
                *(("gate", reason) for reason in decision.reasons),
                *(
                    (f"clearances.{key}", "awaits a physician's clearance")
                    for key in dict.fromkeys(o.key for o in decision.outstanding)
                ),
            ],
        )
        self.decision = decision


def policy_for(clinic: Clinic) -> safety.GatePolicy:
    """The clinic's gate policy: routine flags need clearance before the first session, or not."""
    return safety.GatePolicy(
        "before_first_session" if clinic.routine_flags_need_clearance else "within_course"
    )


def screen_outcomes(patient: Patient) -> list[safety.ScreenOutcome]:
    """Every intake, pre-session and check-in screen on record, as domain outcomes, by kind."""
    intake = [s.outcome() for s in patient.red_flag_screens.all()]
    pre_session = [s.outcome() for s in patient.pre_session_screens.all()]
    check_in = [s.outcome() for s in patient.check_in_screens.all()]
    return intake + pre_session + check_in


def gate_for(
    patient: Patient, action: safety.Action, *, on: date | None = None
) -> safety.GateDecision:
    """May `action` happen for this patient on `on` (default today)? A read: it writes nothing,
    so pages and panels may show it freely. Where the decision acts, call `act_on_gate`."""
    if action not in ACTIONS:
        raise ValueError(f"unknown gate action {action!r}; use one of {', '.join(ACTIONS)}")
    on = on or timezone.localdate()
    # A clearance recorded later must not open the gate for an earlier day.
    # Filtered here rather than in SQL, so a page that prefetched the clearances asks no more.
    clearances = [c.to_domain() for c in patient.clearances.all() if c.cleared_on <= on]
    return safety.decide(
        action, screen_outcomes(patient), clearances, on=on, policy=policy_for(patient.clinic)
    )


def act_on_gate(
    patient: Patient,
    action: safety.Action,
    *,
    on: date | None = None,
    actor: User | None = None,
    request: HttpRequest | None = None,
    acting: str = "",
) -> safety.GateDecision:
    """The gate's decision for something about to happen (a course started, a session recorded,
    live feedback opened), audited open or closed in the caller's transaction. `acting` names
    what the decision let through or stopped, when it is not `action` itself."""
    decision = gate_for(patient, action, on=on)
    # The finding keys stay in the trail beside the readable reasons, for exact tracing.
    keys = ", ".join(dict.fromkeys(o.key for o in decision.outstanding))
    closed = f"closed ({keys})" if keys else "closed"
    state = "open" if decision.open else f"{closed}: " + " ".join(decision.reasons)
    what = f" for {acting}" if acting else ""
    with transaction.atomic():
        record(
            actor=actor,
            patient=patient,
            action=AuditAction.GATE,
            subject="gate",
            subject_id=action,
            detail=f"{action} on {decision.decided_on.isoformat()}{what}: {state}",
            request=request,
        )
    return decision


def pending_clearance(patient: Patient) -> str:
    """The most pressing red-flag urgency still waiting for a doctor's clearance, or "".

    It tells the patient why treatment waits; it decides nothing, so it writes no audit entry.
    """
    decision = safety.decide(
        "record_session",
        screen_outcomes(patient),
        [c.to_domain() for c in patient.clearances.all()],
        on=timezone.localdate(),
        policy=policy_for(patient.clinic),
    )
    urgencies = {o.urgency for o in decision.outstanding}
    return next((u for u in ("emergency", "urgent", "routine") if u in urgencies), "")


def latest_region_ids(patient: Patient) -> list[str]:
    """The regions of the patient's latest pain map (empty when none is on record)."""
    latest = patient.pain_maps.prefetch_related("marks").first()
    return [mark.region for mark in latest.marks.all()] if latest else []


def _owe_admins_mail(patient: Patient) -> None:
    admins = Membership.objects.filter(clinic_id=patient.clinic_id, role=Role.ADMIN, is_active=True)
    name, path = patient.full_name, absolute_url("patient_detail", patient_id=patient.pk)
    # The mail names the patient and where to look, but no clinical detail: mail is not the record.
    queue_mail(
        about="emergency",
        subject=f"Knotwork: emergency answer from {name}",
        body=(
            f"{name} gave an emergency answer in a red-flag screen and was told to seek "
            f"emergency care now.\n\nOpen the patient's page in Knotwork to follow up: {path}\n"
        ),
        to=[m.user.email for m in admins.select_related("user")],
    )


@transaction.atomic
def raise_clinic_alert(
    *, patient: Patient, kind: AlertKind, message: str, link: str = ""
) -> ClinicAlert:
    """An alert on the dashboard's "Needs attention now" until a staff member marks it seen.

    `link` is the page where it is resolved (the patient's page when empty). Audited.
    """
    alert = ClinicAlert.objects.create(
        clinic_id=patient.clinic_id, patient=patient, kind=kind, message=message, link=link
    )
    record(
        actor=None,
        patient=patient,
        action=AuditAction.CREATE,
        subject="clinic_alert",
        subject_id=alert.pk,
        detail=f"{kind.value} alert raised",
    )
    return alert


def raise_emergency_alert(*, patient: Patient, source: str) -> ClinicAlert:
    """A visible alert for the clinic and a mail to the clinic's admins, owed in the same
    transaction (sent once it committed, resent by the sweep if that send was lost)."""
    alert = ClinicAlert.objects.create(
        clinic_id=patient.clinic_id,
        patient=patient,
        kind=AlertKind.EMERGENCY,
        message=(
            f"{patient.full_name} gave an emergency answer in the {source} and was told to seek "
            "emergency care now. Contact the patient."
        ),
    )
    _owe_admins_mail(patient)
    return alert


def _answers(raw: Mapping[str, bool | None]) -> dict[str, bool | None]:
    return {str(key): value for key, value in raw.items()}


@transaction.atomic
def record_intake_screen(
    *,
    actor: User | None,
    patient: Patient,
    answers: Mapping[str, bool | None],
    region_ids: Iterable[str] = (),
    intake: Intake | None = None,
    on: date | None = None,
    request: HttpRequest | None = None,
) -> RedFlagScreen:
    """Store an intake red-flag screen; an emergency answer alerts the clinic at once."""
    on = on or timezone.localdate()
    regions = list(region_ids)
    try:
        outcome = safety.screen_intake(_answers(answers), on=on, region_ids=regions or None)
    except safety.ScreenError as error:
        raise SafetyInputError("answers", str(error)) from None
    screen = RedFlagScreen.objects.create(
        patient=patient,
        intake=intake,
        screened_on=on,
        answers=dict(answers),
        region_ids=regions,
        urgency=outcome.urgency or "",
        recorded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    record(
        actor=actor,
        patient=patient,
        action=AuditAction.CREATE,
        subject="red_flag_screen",
        subject_id=screen.pk,
        detail=f"urgency: {outcome.urgency or 'none'}; findings: "
        + (", ".join(f.key for f in outcome.findings) or "none"),
        request=request,
    )
    if outcome.alert_clinic:
        raise_emergency_alert(patient=patient, source="red-flag screen")
    return screen


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
    screen = PreSessionScreen.objects.create(
        patient=patient,
        screened_on=on,
        answers=dict(answers),
        region_ids=regions,
        urgency=outcome.urgency or "",
        recorded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    record(
        actor=actor,
        patient=patient,
        action=AuditAction.CREATE,
        subject="pre_session_screen",
        subject_id=screen.pk,
        detail=f"for {on.isoformat()}; urgency: {outcome.urgency or 'none'}",
        request=request,
    )
    if outcome.alert_clinic:
        raise_emergency_alert(patient=patient, source="pre-session screen")
    return screen


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
    screen = CheckInScreen.objects.create(
        patient=patient,
        screened_on=on,
        answers=answers,
        urgency=outcome.urgency or "",
        recorded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    record(
        actor=actor,
        patient=patient,
        action=AuditAction.CREATE,
        subject="check_in_screen",
        subject_id=screen.pk,
        detail=f"urgency: {outcome.urgency or 'none'}; findings: "
        + (", ".join(f.key for f in outcome.findings) or "none"),
        request=request,
    )
    if outcome.alert_clinic:
        raise_emergency_alert(patient=patient, source="aftercare check-in")
    return outcome


def finding_keys(patient: Patient) -> set[str]:
    """Every finding key (`rf_...`, `ps_...`) raised by any screen of this patient."""
    return {f.key for outcome in screen_outcomes(patient) for f in outcome.findings}


def _dated_before_finding(
    patient: Patient, keys: Iterable[str], cleared_on: date
) -> tuple[str, date] | None:
    """The first key whose finding this clearance would not clear, with the finding's date.

    A clearance must postdate the finding it clears (`domain.safety.Clearance.covers`): the
    latest finding of the key that no clearance on record covers yet, or else its first one.
    """
    findings: dict[str, list[date]] = {}
    for outcome in screen_outcomes(patient):
        for finding in outcome.findings:
            findings.setdefault(finding.key, []).append(outcome.screened_on)
    on_record = [c.to_domain() for c in patient.clearances.all()]
    for key in keys:
        days = findings.get(key, [])
        open_days = [
            day for day in days if not any(key in c.keys and c.cleared_on >= day for c in on_record)
        ]
        target = max(open_days) if open_days else min(days, default=None)
        if target is not None and cleared_on < target:
            return key, target
    return None


@transaction.atomic
def record_clearance(
    *,
    actor: User,
    patient: Patient,
    cleared_by: str,
    cleared_on: date,
    keys: Iterable[str],
    note: str = "",
    letter: UploadedFile[Any] | None = None,
    request: HttpRequest | None = None,
) -> Clearance:
    """Record a physician clearance for named findings; refused whole when any part is wrong."""
    cleared_by = cleared_by.strip()
    wanted = sorted(set(keys))
    if not cleared_by:
        raise SafetyInputError("cleared_by", "Name the physician who cleared the patient.")
    if cleared_on > timezone.localdate():
        raise SafetyInputError("cleared_on", "A clearance cannot be dated in the future.")
    if not wanted:
        raise SafetyInputError("keys", "Choose the findings this clearance covers.")
    unknown = [key for key in wanted if key not in finding_keys(patient)]
    if unknown:
        raise SafetyInputError("keys", f"No screen of this patient found: {', '.join(unknown)}.")
    too_early = _dated_before_finding(patient, wanted, cleared_on)
    if too_early:
        key, found_on = too_early
        raise SafetyInputError(
            "cleared_on",
            f"This clearance is dated {cleared_on.isoformat()}, before the finding it should "
            f"clear ({safety.finding_label(key)}, recorded on {found_on.isoformat()}). A "
            f"clearance only covers findings recorded on or before its date: date it on or "
            f"after {found_on.isoformat()}.",
        )
    stored_letter = None
    if letter is not None:
        try:
            stored_letter = rebuilt_letter(letter)
        except LetterRefused as refused:
            raise SafetyInputError("letter", str(refused)) from None
    clearance = Clearance(
        patient=patient,
        cleared_by=cleared_by,
        cleared_on=cleared_on,
        keys=wanted,
        note=note.strip(),
        recorded_by=actor,
    )
    if stored_letter is not None:
        clearance.letter.save(stored_letter.name or "letter", stored_letter, save=False)
    clearance.save()
    record(
        actor=actor,
        patient=patient,
        action=AuditAction.CREATE,
        subject="clearance",
        subject_id=clearance.pk,
        detail=f"cleared by {cleared_by} on {cleared_on.isoformat()} for {', '.join(wanted)}"
        + ("; letter attached" if letter is not None else ""),
        request=request,
    )
    return clearance


@transaction.atomic
def acknowledge_alert(
    *, actor: User, alert: ClinicAlert, request: HttpRequest | None = None
) -> ClinicAlert:
    """Mark an alert as seen; it leaves the dashboard but stays on record."""
    if alert.acknowledged_at is None:
        alert.acknowledged_at = timezone.now()
        alert.acknowledged_by = actor
        alert.save(update_fields=["acknowledged_at", "acknowledged_by"])
        record(
            actor=actor,
            patient=alert.patient,
            action=AuditAction.CHANGE,
            subject="clinic_alert",
            subject_id=alert.pk,
            detail="alert acknowledged",
            request=request,
        )
    return alert
