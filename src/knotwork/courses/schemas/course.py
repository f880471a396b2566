"""Courses: the plan, the baseline, progress and reviews, and starting one."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import ConfigDict, Field, StrictFloat, StrictInt

from knotwork.common.ids import (
    IsoDate,
    on_or_after_today,
)
from knotwork.common.schemas import InputSchema


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
    # The booked time and with whom (None while booked by day only, or not booked).
    starts_at: datetime | None
    ends_at: datetime | None
    booked_with: str | None
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


class StartCourseIn(InputSchema):
    model_config = ConfigDict(extra="forbid")
    start_date: IsoDate = Field(json_schema_extra=on_or_after_today())
    # The first session's time on start_date (without an offset, the clinic's local time):
    # booked with the starting therapist under the rules of any booking.
    starts_at: datetime | None = None
    disability_instrument: Literal["odi", "ndi", "psfs"] | None = None
    # Used only when the intake holds no score of its own (the intake's always wins).
    baseline_nprs: StrictInt | None = Field(default=None, ge=0, le=10)
    baseline_disability: StrictFloat | None = Field(default=None, ge=0, le=100)
