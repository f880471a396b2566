"""Sessions: booking, the record with its trigger points, amendments and what the API answers."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import ConfigDict, Field, StrictInt, WithJsonSchema

from knotwork.common.ids import (
    MuscleId,
    TriggerPointId,
)
from knotwork.common.schemas import InputSchema
from knotwork.courses.schemas.course import SessionBriefOut


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
    # Why it was held sooner than the plan's minimum gap after the previous session.
    early_reason: str
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


class BookIn(InputSchema):
    """A booking: the start (a time without an offset is the clinic's local time) and the
    therapist (a staff member of the clinic; the course's therapist when left out)."""

    model_config = ConfigDict(extra="forbid")
    multiline = frozenset({"early_reason"})
    starts_at: datetime
    therapist_id: StrictInt | None = None
    # Only when the session is booked closer to its neighbours than the plan's minimum gap.
    early_reason: str = Field(default="", max_length=2000)


class PointIn(InputSchema):
    """One trigger point treated: pressure as a grade 1-5 and/or an algometer reading."""

    model_config = ConfigDict(extra="forbid")
    muscle: MuscleId
    trigger_point: TriggerPointId
    side: Literal["left", "right", "midline", ""] = ""
    chosen_from: Literal["finder", "muscle_list", "live"] = "muscle_list"
    pressure_grade: StrictInt | None = Field(default=None, ge=1, le=5)
    # A number with at most two decimals, below 10,000 (as the document says: not a string).
    algometer_value: (
        Annotated[Decimal, WithJsonSchema({"type": "number", "minimum": 0, "multipleOf": 0.01})]
        | None
    ) = Field(default=None, ge=0, max_digits=6, decimal_places=2, lt=10000)
    algometer_unit: Literal["kg/cm2", "kPa", "N/cm2", ""] = ""
    hold_seconds: StrictInt | None = Field(default=None, ge=1, le=600)
    repetitions: StrictInt | None = Field(default=None, ge=1, le=20)
    discomfort: StrictInt | None = Field(default=None, ge=0, le=10)
    release_felt: bool = False
    referred_pain_reproduced: bool = False


class RecordFieldsIn(InputSchema):
    model_config = ConfigDict(extra="forbid")
    # The notes the session form takes in text areas; every other text is one line.
    multiline = frozenset(
        {"techniques", "stretches", "subjective", "objective", "assessment", "plan"}
    )
    pre_nprs: StrictInt | None = Field(default=None, ge=0, le=10)
    soreness_since_last: StrictInt | None = Field(default=None, ge=0, le=10)
    post_nprs: StrictInt | None = Field(default=None, ge=0, le=10)
    techniques: str | None = None
    stretches: str | None = None
    home_care: list[str] | None = None
    subjective: str | None = None
    objective: str | None = None
    assessment: str | None = None
    plan: str | None = None


class RecordIn(RecordFieldsIn):
    """The record of a held session (as the session form): pain before is required."""

    multiline = RecordFieldsIn.multiline | {"early_reason"}
    held_at: datetime
    pre_nprs: StrictInt = Field(ge=0, le=10)
    points: list[PointIn] = Field(default=[], max_length=30)
    # Only when the session follows the previous one sooner than the plan's minimum gap.
    early_reason: str = ""


class AmendIn(RecordFieldsIn):
    """A change to a signed record: the fields given change; `points`, when given, replace."""

    multiline = RecordFieldsIn.multiline | {"reason"}
    points: list[PointIn] | None = Field(default=None, max_length=30)
    reason: str = Field(min_length=1)
