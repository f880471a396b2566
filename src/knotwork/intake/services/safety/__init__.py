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

By concept: `gate` (the decision and its refusals), `screens` (intake, pre-session and check-in
screens), `clearances`, `alerts` (the clinic's alerts and the emergency mail).
"""

from knotwork.intake.services.safety.alerts import (
    acknowledge_alert,
    raise_clinic_alert,
    raise_emergency_alert,
)
from knotwork.intake.services.safety.clearances import finding_keys, record_clearance
from knotwork.intake.services.safety.gate import (
    ACTIONS,
    GateClosed,
    SafetyInputError,
    act_on_gate,
    gate_for,
    pending_clearance,
    policy_for,
    screen_outcomes,
)
from knotwork.intake.services.safety.screens import (
    latest_region_ids,
    record_check_in_screen,
    record_intake_screen,
    record_pre_session_screen,
)

__all__ = [
    "ACTIONS",
    "GateClosed",
    "SafetyInputError",
    "acknowledge_alert",
    "act_on_gate",
    "finding_keys",
    "gate_for",
    "latest_region_ids",
    "pending_clearance",
    "policy_for",
    "raise_clinic_alert",
    "raise_emergency_alert",
    "record_check_in_screen",
    "record_clearance",
    "record_intake_screen",
    "record_pre_session_screen",
    "screen_outcomes",
]
