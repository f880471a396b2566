"""The shapes of the courses API: what it accepts and what it answers."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from ninja import Schema
from pydantic import ConfigDict, Field, StrictFloat, StrictInt

from knotwork.common.ids import IsoDate, on_or_after_today


class PlanOut(Schema):
    sessions: int
    weeks: int
    review_after: int
    min_gap_days: int
    relief_shortest_days: int
    relief_longest_days: int
    course_end: date


class BaselineOut(Schema):
    pain_type: str
    nprs: float | None
    disability_instrument: str
    disability: float | None
    note: str
    stress: int | None


class ProgressOut(Schema):
    sessions_done: int
    sessions_planned: int
    weeks_elapsed: int
    next_due: date | None
    next_due_is_booked: bool
    overdue: bool


class CourseBriefOut(Schema):
    id: int
    patient_id: int
    therapist: str
    status: str
    start_date: date
    ended_at: datetime | None
    sessions_done: int
    sessions_planned: int


class SessionBriefOut(Schema):
    number: int
    status: str
    scheduled_for: date | None
    # The plan's suggested day while the session is neither booked nor held.
    suggested: date | None
    held_at: datetime | None
    signed_at: datetime | None
    pre_nprs: int | None
    post_nprs: int | None
    check_in_status: str | None


class ReviewOut(Schema):
    after_session: int
    outcome: str
    headline: str
    reasons: list[str]
    figures: list[dict[str, Any]]
    decision_required: bool
    decision: str
    decision_reason: str
    decided_at: datetime | None


class NextSessionOut(Schema):
    session_number: int
    on: date | None
    basis: str
    relief_days: int | None
    earliest: date
    latest: date
    explanation: str


class CourseOut(CourseBriefOut):
    end_reason: str
    plan: PlanOut
    baseline: BaselineOut
    progress: ProgressOut
    sessions: list[SessionBriefOut]
    reviews: list[ReviewOut]
    next_session: NextSessionOut | None


class StartCourseIn(Schema):
    model_config = ConfigDict(extra="forbid")
    start_date: IsoDate = Field(json_schema_extra=on_or_after_today())
    disability_instrument: Literal["odi", "ndi", "psfs"] | None = None
    # Used only when the intake holds no score of its own (the intake's always wins).
    baseline_nprs: StrictInt | None = Field(default=None, ge=0, le=10)
    baseline_disability: StrictFloat | None = Field(default=None, ge=0, le=100)


class PointOut(Schema):
    muscle: str
    trigger_point: str
    side: str
    chosen_from: str
    pressure_grade: int | None
    algometer_value: Decimal | None
    algometer_unit: str
    hold_seconds: int | None
    repetitions: int | None
    discomfort: int | None
    release_felt: bool
    referred_pain_reproduced: bool


class TraceOut(Schema):
    """Live feedback for one trigger point: the discomfort trace as [seconds, value] pairs."""

    trigger_point: str
    label: str
    hold_seconds: float
    peak_discomfort: int | None
    final_discomfort: int | None
    discomfort: list[list[float]]
    stop_pressed: bool
    release_felt: bool


class LiveOut(Schema):
    id: int
    started_at: datetime
    ended_at: datetime | None
    trigger_points: list[TraceOut]


class CheckInOut(Schema):
    status: str
    ask_at: datetime
    closes_at: datetime
    answers: list[dict[str, Any]]
    alert_reasons: list[str]


class AmendmentOut(Schema):
    amended_at: datetime
    amended_by: str | None
    reason: str
    changed_fields: list[str]


class SessionOut(SessionBriefOut):
    id: int
    course_id: int
    soreness_since_last: int | None
    techniques: str
    stretches: str
    home_care: list[str]
    subjective: str
    objective: str
    assessment: str
    plan: str
    plan_notes: list[str]
    signed_by: str | None
    tightness_returned_on: date | None
    points: list[PointOut]
    live_feedback: list[LiveOut]
    check_in: CheckInOut | None
    amendments: list[AmendmentOut]
