"""The physician's progress report of one course: every fact the issue lists, in words.

The figures are the course pages' own (courses.review's MCID rules, courses.presenters' charts,
painmaps' pictures), so the report never says something the clinic's pages do not.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from knotwork.courses import presenters as course_presenters
from knotwork.courses.forms import SYMPTOM_LABELS
from knotwork.courses.models import TreatmentSession
from knotwork.courses.review import review_for
from knotwork.intake.presenters import answer_summary
from knotwork.reports.presenters.common import (
    baseline_and_latest,
    clearances,
    letterhead,
    red_flags,
    therapist_of,
)

if TYPE_CHECKING:
    from knotwork.courses.models import Course
    from knotwork.patients.models import Patient

# The intake's steps a physician reads in the report (the safety answers have their own part,
# the pain maps show where it hurts, the questionnaires are the outcome measures).
COMPLAINT_STEPS = ("reason", "onset", "start", "positions", "daily", "medicines", "history")

# The steps of making a report, with the share of the work done when each begins (the page
# shows the step and the bar while the worker is on it).
STEPS = (
    (5, "Reading the record"),
    (20, "Drawing the pain maps"),
    (40, "Sessions and live feedback"),
    (60, "Outcome measures and charts"),
    (75, "Laying out the pages"),
)


@dataclass
class PointRow:
    label: str
    pressure: str
    hold: str
    discomfort: str
    response: str


@dataclass
class AftercareRow:
    answered_at: datetime
    soreness: int
    pain: int
    symptoms: list[str]


@dataclass
class SessionRow:
    number: int
    held_at: datetime | None
    pre_nprs: int | None
    post_nprs: int | None
    techniques: str
    stretches: str
    subjective: str
    assessment: str
    plan: str
    signed: bool
    points: list[PointRow] = field(default_factory=list)
    peaks: list[tuple[str, int | None, float]] = field(default_factory=list)
    aftercare: list[AftercareRow] = field(default_factory=list)
    alert_reasons: list[str] = field(default_factory=list)


def _point(point: Any) -> PointRow:
    pressure = []
    if point.pressure_grade:
        pressure.append(f"grade {point.pressure_grade}/5")
    if point.algometer_value is not None:
        pressure.append(f"{point.algometer_value} {point.get_algometer_unit_display()}")
    hold = ""
    if point.hold_seconds:
        hold = f"{point.hold_seconds} s" + (
            f" × {point.repetitions}" if point.repetitions and point.repetitions > 1 else ""
        )
    response = [
        words
        for flag, words in (
            (point.release_felt, "release felt"),
            (point.referred_pain_reproduced, "referred pain reproduced"),
        )
        if flag
    ]
    return PointRow(
        point.label,
        ", ".join(pressure) or "—",
        hold or "—",
        "—" if point.discomfort is None else f"{point.discomfort}/10",
        ", ".join(response) or "—",
    )


def _peaks(session: TreatmentSession) -> list[tuple[str, int | None, float]]:
    """Per trigger point of the live feedback: its label, peak discomfort and hold in seconds."""
    from knotwork.live.services import summary_of

    rows = []
    for live in session.live_sessions.order_by("started_at", "id"):
        traces = live.summary if not live.is_open else summary_of(live)
        for trace in traces:
            rows.append(
                (
                    str(trace.get("label") or "Trigger point"),
                    trace.get("peak_discomfort"),
                    float(trace.get("hold_seconds") or 0),
                )
            )
    return rows


def session_row(session: TreatmentSession) -> SessionRow:
    row = SessionRow(
        number=session.number,
        held_at=session.held_at,
        pre_nprs=session.pre_nprs,
        post_nprs=session.post_nprs,
        techniques=session.techniques,
        stretches=session.stretches,
        subjective=session.subjective,
        assessment=session.assessment,
        plan=session.plan,
        signed=session.is_signed,
        points=[_point(p) for p in session.points.all()],
        peaks=_peaks(session),
    )
    check_in = getattr(session, "check_in", None)
    if check_in is not None:
        row.aftercare = [
            AftercareRow(
                a.answered_at,
                a.soreness,
                a.pain,
                [SYMPTOM_LABELS.get(s, s.replace("_", " ")) for s in a.symptoms],
            )
            for a in check_in.answers.all()
        ]
        row.alert_reasons = list(check_in.alert_reasons or [])
    return row


def findings_of(patient: Patient) -> list[dict[str, Any]]:
    """The palpation findings of the patient, oldest first, in words."""
    rows = []
    for finding in patient.palpation_findings.order_by("examined_at", "id"):
        rows.append(
            {
                "title": finding.title,
                "examined_at": finding.examined_at,
                "found": finding.found,
                "tenderness": finding.tenderness_label,
                "twitch": finding.twitch_response,
                "referred": finding.referred_pain_reproduced,
                "note": finding.note,
                "by": str(finding.examined_by) if finding.examined_by else "",
            }
        )
    return rows


def _review(course: Course) -> dict[str, Any] | None:
    review = course.reviews.filter(after_session=course.review_after).order_by("created_at").first()
    if review is None:
        return None
    return {
        "after_session": review.after_session,
        "headline": review.headline,
        "figures": review.figures,
        "reasons": review.reasons,
        "decision_required": review.decision_required,
        "decision": {"continue": "Continue the course", "refer": "Refer on", "end": "End"}.get(
            review.decision, review.decision
        ),
        "decision_reason": review.decision_reason,
        "decided_by": str(review.decided_by) if review.decided_by else "",
        "decided_at": review.decided_at,
    }


def progress_context(
    course: Course, *, step: Callable[[int, str], None] | None = None
) -> dict[str, Any]:
    """Everything the report template shows; `step(percent, words)` hears the progress."""

    def say(index: int) -> None:
        if step is not None:
            step(*STEPS[index])

    say(0)
    patient = course.patient
    doctor = patient.physician_name or "the physician"
    context = letterhead(patient, f"Progress report for {doctor}")
    intake = patient.intakes.filter(status="submitted").order_by("-finished_at", "-id").first()
    complaint = []
    if intake is not None:
        complaint = [
            (step_.title, lines)
            for step_, lines in answer_summary(intake)
            if step_.id in COMPLAINT_STEPS and lines
        ]
    say(1)
    maps = baseline_and_latest(patient)
    say(2)
    sessions = [
        session_row(s)
        for s in course.treatment_sessions.select_related("check_in")
        .prefetch_related("points")
        .order_by("number")
        if s.is_held
    ]
    say(3)
    upto = sessions[-1].number if sessions else 0
    change = review_for(course, upto, every_instrument=True)
    charts = course_presenters.charts(course)
    context.update(
        {
            "course": course,
            "therapist": therapist_of(course.therapist, patient.clinic.name),
            "intake": intake,
            "complaint": complaint,
            "red_flags": red_flags(patient),
            "clearances": clearances(patient),
            "maps": maps,
            "findings": findings_of(patient),
            "sessions": sessions,
            "treated": sorted({p.label for s in sessions for p in s.points}),
            "change": change,
            "charts": charts,
            "review": _review(course),
            "sessions_held": len(sessions),
            "today": timezone.localdate(),
        }
    )
    say(4)
    return context
