"""The safety gate: may a course start, or a session be recorded, given screens and clearances?

Rules (clinical-reference.md section C.2 implementation notes, issue 5):

* The latest intake screen must be complete; an unanswered red-flag question keeps the gate shut.
* Emergency and urgent findings close the gate for starting a course and recording a session.
* Routine findings close it for recording a session (so before the first session) when the
  clinic's policy is `before_first_session` (the default); with `within_course` they only remind.
* Every session needs that day's pre-session screen, complete. Its `session`-scoped findings
  (symptoms changed: a caution) concern that session only; `course`-scoped ones (a hot, red or
  swollen area or fever among them) count like intake findings from then on, as do the red
  flags of an aftercare check-in (kind `check_in`).
* Only a clearance opens a closed gate: it must name the finding's key and be dated on or after
  the screen that raised it. No role can bypass this; the caller audits every decision.
* Caution findings never close the gate; their notes go on every session plan.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from knotwork.domain.safety.flags import finding_label
from knotwork.domain.safety.screen import Finding, RoutinePolicy, ScreenOutcome

Action = Literal["start_course", "record_session"]


@dataclass(frozen=True, slots=True)
class Clearance:
    """A physician clearance a therapist recorded: who cleared, when, which findings, a note.

    `keys` are finding keys (`rf_...` or `ps_...`); `letter` is an optional stored document name.
    """

    cleared_by: str
    cleared_on: date
    keys: frozenset[str]
    note: str = ""
    letter: str | None = None

    def covers(self, finding: Finding, screened_on: date) -> bool:
        """True when this clearance names the finding and postdates the screen that raised it."""
        return finding.key in self.keys and self.cleared_on >= screened_on


@dataclass(frozen=True, slots=True)
class GatePolicy:
    """A clinic's gate settings: when a routine finding must be cleared."""

    routine_clearance: RoutinePolicy = "before_first_session"


@dataclass(frozen=True, slots=True)
class Outstanding:
    """A finding that still needs a physician clearance."""

    key: str
    urgency: str
    screened_on: date


@dataclass(frozen=True, slots=True)
class GateDecision:
    """Whether the action may go ahead, why not, and the notes every session plan must show."""

    action: Action
    decided_on: date
    open: bool
    reasons: tuple[str, ...]
    outstanding: tuple[Outstanding, ...]
    reminders: tuple[Outstanding, ...]
    plan_notes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """A plain mapping for the audit log and the API."""

        def rows(items: tuple[Outstanding, ...]) -> list[dict[str, str]]:
            return [
                {"key": o.key, "urgency": o.urgency, "screened_on": o.screened_on.isoformat()}
                for o in items
            ]

        return {
            "action": self.action,
            "decided_on": self.decided_on.isoformat(),
            "open": self.open,
            "reasons": list(self.reasons),
            "outstanding": rows(self.outstanding),
            "reminders": rows(self.reminders),
            "plan_notes": list(self.plan_notes),
        }


def _cleared(finding: Finding, screen: ScreenOutcome, clearances: Sequence[Clearance]) -> bool:
    return any(c.covers(finding, screen.screened_on) for c in clearances)


def _blocks(finding: Finding, action: Action, policy: GatePolicy) -> bool | None:
    """True if it blocks the action, None if it only reminds, False if it does neither."""
    if finding.urgency in ("emergency", "urgent"):
        return True
    if finding.urgency == "routine":
        if policy.routine_clearance == "within_course":
            return None
        return action == "record_session" or None
    return False


def decide(
    action: Action,
    screens: Sequence[ScreenOutcome],
    clearances: Sequence[Clearance] = (),
    *,
    on: date,
    policy: GatePolicy | None = None,
) -> GateDecision:
    """Decide whether `action` may happen on `on`, given every screen and clearance on record."""
    policy = policy or GatePolicy()
    reasons: list[str] = []
    intakes = sorted((s for s in screens if s.kind == "intake"), key=lambda s: s.screened_on)
    if not intakes:
        reasons.append("No red-flag screen is on record.")
    elif not intakes[-1].complete:
        reasons.append(
            "The red-flag screen is not complete: " + ", ".join(intakes[-1].unanswered) + "."
        )
    today = [s for s in screens if s.kind == "pre_session" and s.screened_on == on]
    if action == "record_session":
        if not today:
            reasons.append("Today's pre-session screen has not been done.")
        elif not today[-1].complete:
            reasons.append("Today's pre-session screen is not complete.")
    relevant: list[tuple[Finding, ScreenOutcome]] = []
    for screen in screens:
        for finding in screen.findings:
            if finding.scope == "course" or (
                screen.screened_on == on and action == "record_session"
            ):
                relevant.append((finding, screen))
    outstanding: list[Outstanding] = []
    reminders: list[Outstanding] = []
    for finding, screen in relevant:
        if _cleared(finding, screen, clearances):
            continue
        blocks = _blocks(finding, action, policy)
        row = Outstanding(finding.key, finding.urgency, screen.screened_on)
        if blocks:
            outstanding.append(row)
        elif blocks is None:
            reminders.append(row)
    if outstanding:
        findings = "; ".join(
            finding_label(key) for key in dict.fromkeys(o.key for o in outstanding)
        )
        reasons.append(f"Physician clearance required for: {findings}.")
    plan_notes = tuple(dict.fromkeys(f.plan_note for f, _ in relevant if f.plan_note))
    return GateDecision(
        action=action,
        decided_on=on,
        open=not reasons,
        reasons=tuple(reasons),
        outstanding=tuple(outstanding),
        reminders=tuple(reminders),
        plan_notes=plan_notes,
    )
