"""Change from baseline for a course: the review after session 2 and the end-of-course summary.

Figures come from `knotwork.domain.outcomes.compare` (each instrument's MCID rule, reference D.1)
and the verdict from `knotwork.domain.protocol.review_course` (reference E.3).

Which NPRS counts as "now" (a project decision): the pre-session NPRS of the latest session
held. It is the pain the patient lived with since the previous session; the post-session NPRS
shows the immediate effect of pressure, which would flatter the course, so it is charted but
does not decide. The disability instrument counts only when re-scored in the intake after the
course started.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from django.utils import timezone

from knotwork.courses import querysets
from knotwork.courses.models import Course
from knotwork.domain.outcomes import compare, instrument
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


def _row(
    instrument_id: str, baseline: float | None, current: float | None, primary: bool
) -> dict[str, Any]:
    name = instrument(instrument_id).name
    if baseline is None or current is None:
        missing = "no baseline" if baseline is None else "not re-scored yet"
        return {
            "instrument": instrument_id,
            "name": name,
            "baseline": baseline,
            "current": current,
            "verdict": "not_comparable",
            "verdict_label": VERDICT_LABELS["not_comparable"],
            "explanation": f"No change can be judged: {missing}.",
            "primary": primary,
        }
    change = compare(instrument_id, baseline, current)
    return {
        "instrument": instrument_id,
        "name": name,
        "baseline": baseline,
        "current": current,
        "difference": change.difference,
        "verdict": change.verdict,
        "verdict_label": VERDICT_LABELS[change.verdict],
        "explanation": change.explanation,
        "primary": primary,
    }


def _current_nprs(course: Course, up_to_session: int) -> float | None:
    held = course.treatment_sessions.filter(
        number__lte=up_to_session, held_at__isnull=False, pre_nprs__isnull=False
    ).order_by("-number")
    latest = held.first()
    return None if latest is None or latest.pre_nprs is None else float(latest.pre_nprs)


def change_rows(
    course: Course, up_to_session: int, *, every_instrument: bool = False
) -> list[dict[str, Any]]:
    """Per-instrument figures: NPRS and the disability instrument first, then the others."""
    began = course_began(course)
    rows = [_row("nprs", course.baseline_nprs, _current_nprs(course, up_to_session), True)]
    rescored = querysets.latest_score(course.patient, course.disability_instrument, since=began)
    rows.append(
        _row(
            course.disability_instrument,
            course.baseline_disability,
            None if rescored is None else rescored.value,
            True,
        )
    )
    if every_instrument:
        for other in SECONDARY:
            if other == course.disability_instrument:
                continue
            before = querysets.latest_score(course.patient, other, before=began)
            after = querysets.latest_score(course.patient, other, since=began)
            if before is not None and after is not None:
                rows.append(_row(other, before.value, after.value, False))
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
