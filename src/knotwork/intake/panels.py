"""Patient page sections (knotwork.patients.panels): the safety gate, outcomes, the patient's to-do.

The staff safety panel asks `gate_for` for both actions, exactly as a course or session would see
them; showing the gate is a read (the page's own read entry), not an audited decision.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch
from django.urls import reverse

from knotwork.clinics.querysets import is_staff_of
from knotwork.common.pagination import latest
from knotwork.common.requests import AuthenticatedRequest
from knotwork.domain import outcomes, safety
from knotwork.intake.forms.instruments import SendInstrumentForm
from knotwork.intake.forms.safety import finding_label
from knotwork.intake.models import AssignmentStatus, Clearance, ClinicAlert, IntakeStatus
from knotwork.intake.presenters import score_chart
from knotwork.intake.services.instruments import outcomes_for
from knotwork.intake.services.safety import gate_for, pending_clearance
from knotwork.patients.models import Patient
from knotwork.patients.panels import Attention, Panel

if TYPE_CHECKING:
    from knotwork.clinics.models import Clinic


KIND_LABELS = {"intake": "Intake", "pre_session": "Pre-session", "check_in": "Check-in"}


def prefetch() -> list[str | Prefetch[Any, Any, Any]]:
    """What the safety panels and the gate read of the patient (patients/panels.py)."""
    return [
        "clinic",
        # Who recorded each clearance in the same query (a second prefetch would cost one more).
        Prefetch("clearances", queryset=Clearance.objects.select_related("recorded_by")),
        "red_flag_screens",
        "pre_session_screens",
        "check_in_screens",
    ]


def _findings(patient: Patient, decision: safety.GateDecision) -> list[dict[str, Any]]:
    """Every yes answer of every screen, newest first, with whether a clearance covers it."""
    waiting = {(o.key, o.screened_on) for o in (*decision.outstanding, *decision.reminders)}
    clearances = [c.to_domain() for c in patient.clearances.all()]
    rows = []
    screens = [
        *patient.red_flag_screens.all(),
        *patient.pre_session_screens.all(),
        *patient.check_in_screens.all(),
    ]
    for screen in sorted(screens, key=lambda s: (s.screened_on, s.recorded_at), reverse=True):
        outcome = screen.outcome()
        for finding in outcome.findings:
            cleared = any(c.covers(finding, outcome.screened_on) for c in clearances)
            rows.append(
                {
                    "key": finding.key,
                    "question": finding_label(finding.key),
                    "urgency": finding.urgency,
                    "escalated_with": [finding_label(key) for key in finding.escalated_with],
                    "screened_on": outcome.screened_on,
                    "kind": KIND_LABELS[outcome.kind],
                    "cleared": cleared,
                    "waiting": (finding.key, outcome.screened_on) in waiting,
                    "note": finding.note,
                }
            )
    return rows


def staff_safety_panel(request: AuthenticatedRequest, patient: Patient) -> Panel | None:
    """Gate status for starting a course and for a session today, red flags, clearances, alerts."""
    if not is_staff_of(request, patient.clinic_id):
        return None
    course = gate_for(patient, "start_course")
    session = gate_for(patient, "record_session")
    intake_screens = list(patient.red_flag_screens.all())
    context = {
        "patient": patient,
        "course": course,
        "session": session,
        "plan_notes": tuple(dict.fromkeys((*course.plan_notes, *session.plan_notes))),
        "findings": _findings(patient, session),
        # Each clearance with the questions it covers in words: the keys are for the record.
        "clearances": [
            (c, [finding_label(key) for key in c.keys]) for c in patient.clearances.all()
        ],
        "alerts": patient.alerts.filter(acknowledged_at=None),
        "intake": patient.intakes.first(),
        # The latest intake screen's questions left out for where it hurts, each with why.
        "not_asked": intake_screens[-1].selection().skipped if intake_screens else (),
    }
    return Panel("intake/panels/safety.html", context, wide=True)


VERDICTS = {
    "improved": "Improved",
    "no_meaningful_change": "No meaningful change",
    "worse": "Worse",
    "no_rule": "No MCID established",
    "not_comparable": "Not comparable",
}


def staff_outcomes_panel(request: AuthenticatedRequest, patient: Patient) -> Panel | None:
    """Questionnaires sent and answered, scores with bands, change from baseline, small charts."""
    if not is_staff_of(request, patient.clinic_id):
        return None
    rows = []
    for row in outcomes_for(patient):
        rows.append(
            {
                "row": row,
                "chart": score_chart(row.instrument.id, row.instrument.name, row.points),
                "verdict": VERDICTS[row.change.verdict] if row.change else "",
            }
        )
    context = {
        "patient": patient,
        "outcomes": rows,
        "current_rule": outcomes.CURRENT_RULE,
        "assignments": latest(patient.instrument_assignments.select_related("response"), 20),
        "send_form": SendInstrumentForm(),
    }
    return Panel("intake/panels/outcomes.html", context, wide=True)


def patient_todo_panel(request: AuthenticatedRequest, patient: Patient) -> Panel | None:
    """On the patient's own page: continue or start the intake, questionnaires to fill."""
    latest = patient.intakes.first()
    context = {
        "patient": patient,
        "draft": latest if latest and latest.status == IntakeStatus.DRAFT else None,
        "latest": latest,
        "waiting": patient.instrument_assignments.filter(status=AssignmentStatus.SENT),
        "clearance_pending": pending_clearance(patient),
        "emergency_message": safety.messages()["emergency"],
    }
    return Panel("intake/panels/patient.html", context)


def clinic_attention(request: AuthenticatedRequest, clinic: Clinic) -> list[Attention]:
    """The clinic's alerts not yet marked seen: emergency answers and check-in alerts."""
    alerts = (
        ClinicAlert.objects.restrict(request.user, staff_only=True)
        .filter(clinic=clinic)
        .open()
        .select_related("patient")
    )
    return [
        Attention(
            when=alert.created_at,
            kind=alert.get_kind_display(),
            patient_name=alert.patient.full_name,
            message=alert.message,
            link=alert.link or reverse("patient_detail", kwargs={"patient_id": alert.patient_id}),
            alert_id=alert.pk,
        )
        for alert in alerts
    ]
