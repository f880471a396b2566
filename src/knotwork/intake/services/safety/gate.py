"""The gate's decision (read, or acted on and audited) and the refusals that carry it."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from knotwork.audit.models import AuditAction
from knotwork.audit.services import record
from knotwork.common.errors import Conflict, Refusal
from knotwork.domain import safety

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
