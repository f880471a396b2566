"""Change from baseline for a course: the review after session 2 and the end-of-course summary.

Figures come from `knotwork.domain.outcomes.compare` (each instrument's MCID rule, reference D.1)
and the verdict from `knotwork.domain.protocol.review_course` (reference E.3).

Which score counts as "now": one rule for every page (`outcomes.CURRENT_RULE`), the most recent
reading since the course began: a questionnaire answered, or for the NPRS the pain rated before
a session (the pain the patient lived with since the previous one; the post-session NPRS shows
the immediate effect of pressure, which would flatter the course, so it is charted but never a
reading). A review after session N reads what was on record before session N + 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from django.utils import timezone

from knotwork.courses import querysets
from knotwork.courses.models import Course
from knotwork.domain.outcomes import Reading, compare, current, instrument
from knotwork.domain.protocol import ChangeVerdict, InstrumentChange, SessionReview, review_course

VERDICTS = {
    "improved": ChangeVerdict.IMPROVED,
    "no_meaningful_change": ChangeVerdict.NO_CHANGE,
    "worse": ChangeVerdict.WORSE,
}
VERDICT_LABELS = {
    "improved": "improved",
    "no_meaningful_change": "no meaningful change",
    "worse": "worse",
    "no_rule": "no MCID rule",
    "not_comparable": "not comparable",
}
# Instruments the end-of-course summary also shows when the intake scored them before and after.
SECONDARY = ("odi", "ndi", "psfs", "rmdq", "pss10", "stress")


@dataclass(frozen=True)
class CourseChange:
    """The review over the instruments, and one row of figures per instrument for the page."""

    review: SessionReview
    figures: list[dict[str, Any]]


def course_began(course: Course) -> datetime:
    """The moment after which a score counts as a re-score, not as the course's baseline.

    The later of the first session's day and the moment the course was started: the intake's
    scores given on the day of the first session, before the therapist started the course, are
    the baseline the course copied, so they must not count as its first re-score.
    """
    first_day = timezone.make_aware(datetime.combine(course.start_date, time.min))
    return max(first_day, course.created_at) if course.created_at else first_day


def current_reading(course: Course, instrument_id: str, up_to_session: int) -> Reading | None:
    """The measure's "now" for a review after `up_to_session` (`outcomes.CURRENT_RULE`)."""
    began = course_began(course)
    later = course.treatment_sessions.filter(
        number=up_to_session + 1, held_at__isnull=False
    ).first()
    cutoff = later.held_at if later is not None else None
    readings = [
        Reading(querysets.moment(score.at), score.value, "questionnaire")
        for score in querysets.score_history(course.patient, instrument_id)
        if querysets.moment(score.at) > began
        and (cutoff is None or querysets.moment(score.at) < cutoff)
    ]
    if instrument_id == "nprs":
        held = course.treatment_sessions.filter(
            number__lte=up_to_session, held_at__isnull=False, pre_nprs__isnull=False
        )
        readings += [
            Reading(s.held_at, float(s.pre_nprs), f"pain before session {s.number}")
            for s in held
            if s.held_at is not None and s.pre_nprs is not None
        ]
    return current(sorted(readings, key=lambda reading: reading.at))


def missing_note(course: Course, instrument_id: str) -> str:
    """What the review still lacks for an instrument, said so the therapist can act on it."""
    name = instrument(instrument_id).name
    waiting = (
        course.patient.instrument_assignments.filter(instrument=instrument_id, status="sent")
        .order_by("-sent_at")
        .first()
    )
    if waiting is not None:
        sent = timezone.localtime(waiting.sent_at)
        return f"the {name} sent to the patient on {sent.day} {sent:%b} is not answered yet"
    return (
        f"the {name} has not been answered since the course began; send it from the patient's page"
    )


def _row(
    instrument_id: str,
    baseline: float | None,
    reading: Reading | None,
    primary: bool,
    missing_note: str = "",
) -> dict[str, Any]:
    name = instrument(instrument_id).name
    current = None if reading is None else reading.value
    if baseline is None or current is None:
        missing = "no baseline" if baseline is None else missing_note or "not re-scored yet"
        explanation = f"No change can be judged: {missing}."
        return {
            "instrument": instrument_id,
            "name": name,
            "baseline": baseline,
            "current": current,
            "verdict": "not_comparable",
            "verdict_label": VERDICT_LABELS["not_comparable"],
            "explanation": explanation,
            "missing": baseline is not None,
            "primary": primary,
        }
    change = compare(instrument_id, baseline, current)
    assert reading is not None  # current is its value
    return {
        "instrument": instrument_id,
        "name": name,
        "baseline": baseline,
        "current": current,
        "current_source": f"{reading.source}, {timezone.localtime(reading.at):%-d %b %Y}",
        "difference": change.difference,
        "verdict": change.verdict,
        "verdict_label": VERDICT_LABELS[change.verdict],
        "explanation": change.explanation,
        "primary": primary,
    }


def change_rows(
    course: Course, up_to_session: int, *, every_instrument: bool = False
) -> list[dict[str, Any]]:
    """Per-instrument figures: NPRS and the disability instrument first, then the others."""
    began = course_began(course)
    rows = [
        _row("nprs", course.baseline_nprs, current_reading(course, "nprs", up_to_session), True),
        _row(
            course.disability_instrument,
            course.baseline_disability,
            current_reading(course, course.disability_instrument, up_to_session),
            True,
            missing_note(course, course.disability_instrument),
        ),
    ]
    if every_instrument:
        for other in SECONDARY:
            if other == course.disability_instrument:
                continue
            before = querysets.latest_score(course.patient, other, before=began)
            after = current_reading(course, other, up_to_session)
            if before is not None and after is not None:
                rows.append(_row(other, before.value, after, False))
    return rows


def review_for(
    course: Course, after_session: int, *, every_instrument: bool = False
) -> CourseChange:
    """The review rule over the comparable rows; rows without a verdict are shown, not counted."""
    rows = change_rows(course, after_session, every_instrument=every_instrument)
    results = [
        InstrumentChange(
            instrument=row["instrument"],
            verdict=VERDICTS[row["verdict"]],
            baseline=row["baseline"],
            current=row["current"],
            primary=row["primary"],
        )
        for row in rows
        if row["verdict"] in VERDICTS
    ]
    return CourseChange(review_course(results), rows)
