"""The clearance request: what was found (the red-flag answers in words), what is asked of the
physician, how to reply. The clearance form then records the answer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from knotwork.domain import safety
from knotwork.reports.presenters.common import (
    URGENCY_WORDS,
    clearance_needed,
    letterhead,
    therapist_of,
)

if TYPE_CHECKING:
    from knotwork.accounts.models import User
    from knotwork.patients.models import Patient

from knotwork.intake.forms.safety import finding_label


def _group(key: str) -> str:
    """ "Possible malignancy": what a finding may point to, in the reference's words."""
    if key in safety.red_flags():
        return safety.red_flag(key).group_label
    return "Found before a session"


def clearance_context(patient: Patient, *, asked_by: User | None) -> dict[str, Any]:
    doctor = patient.physician_name or "the physician"
    context = letterhead(patient, f"Clearance request to {doctor}")
    decision = clearance_needed(patient)
    waiting = []
    for outstanding in decision.outstanding:
        waiting.append(
            {
                "question": finding_label(outstanding.key),
                "group": _group(outstanding.key),
                "urgency": URGENCY_WORDS.get(outstanding.urgency, outstanding.urgency),
                "screened_on": outstanding.screened_on,
            }
        )
    context.update(
        {
            "waiting": waiting,
            "plan_notes": decision.plan_notes,
            "therapist": therapist_of(asked_by, patient.clinic.name),
            "reply_to": asked_by.email if asked_by is not None else "",
        }
    )
    return context
