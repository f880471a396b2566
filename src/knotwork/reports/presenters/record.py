"""The patient's own record as a PDF (their right of access): everything the clinic keeps about
them, in words, without the clinic's internal ids or the reference's source keys."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone

from knotwork.intake.presenters import answer_summary
from knotwork.intake.services.instruments import outcomes_for
from knotwork.reports.models import Report, ReportKind, ReportStatus
from knotwork.reports.presenters.common import (
    baseline_and_latest,
    clearances,
    letterhead,
    red_flags,
)
from knotwork.reports.presenters.progress import findings_of, session_row

if TYPE_CHECKING:
    from knotwork.patients.models import Patient

VERDICTS = {
    "improved": "improved",
    "no_meaningful_change": "no meaningful change",
    "worse": "worse",
    "no_rule": "no rule to judge the change",
    "not_comparable": "cannot be compared",
}


def record_context(patient: Patient) -> dict[str, Any]:
    context = letterhead(patient, "My record")
    intake = patient.intakes.filter(status="submitted").order_by("-finished_at", "-id").first()
    answers = (
        [(step.title, lines) for step, lines in answer_summary(intake) if lines] if intake else []
    )
    maps = []
    for record in patient.pain_maps.prefetch_related("marks").order_by("drawn_at", "id"):
        domain = record.to_domain()
        maps.append(
            {
                "drawn_at": record.drawn_at,
                "no_pain": record.no_pain,
                "worst": max((m.intensity for m in domain.marks), default=0),
                "regions": sum(1 for m in domain.marks if m.intensity > 0),
                "by": record.get_drawn_via_display(),
                "note": record.note,
            }
        )
    questionnaires = []
    for row in outcomes_for(patient):
        questionnaires.append(
            {
                "name": row.instrument.name,
                "scores": [
                    (timezone.localtime(r.answered_at), r.score, r.band or "")
                    for r in row.responses
                ],
                "change": VERDICTS.get(row.change.verdict, "") if row.change else "",
            }
        )
    courses = []
    for course in patient.courses.select_related("therapist"):
        sessions = [
            session_row(s)
            for s in course.treatment_sessions.select_related("check_in")
            .prefetch_related("points")
            .order_by("number")
            if s.is_held
        ]
        courses.append({"course": course, "sessions": sessions})
    # What was made for or about them; not the earlier copies of this record.
    documents = (
        Report.objects.filter(patient=patient, status=ReportStatus.DONE)
        .exclude(kind=ReportKind.PATIENT_RECORD)
        .order_by("created_at", "id")
    )
    context.update(
        {
            "therapists": [str(t) for t in patient.therapists.all()],
            "answers": answers,
            "red_flags": red_flags(patient),
            "clearances": clearances(patient),
            "maps": baseline_and_latest(patient),
            "map_rows": maps,
            "questionnaires": questionnaires,
            "findings": findings_of(patient),
            "courses": courses,
            "documents": [(d.title, d.created_at) for d in documents],
        }
    )
    return context
