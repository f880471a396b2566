"""The shapes of the courses API: what it accepts and what it answers."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import ConfigDict, Field, StrictFloat, StrictInt, WithJsonSchema

from knotwork.common.ids import (
    IsoDate,
    MuscleId,
    TriggerPointId,
    on_or_after_today,
    on_or_before_today,
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


def _consent_rule(json_schema: dict[str, Any]) -> None:
    """`paper` needs the day it was signed; `signed` needs a typed name (not only spaces)."""
    json_schema["anyOf"] = [
        {
            "properties": {"method": {"const": "paper"}, "signed_on": {"type": "string"}},
            "required": ["method", "signed_on"],
        },
        {
            "properties": {
                "method": {"const": "signed"},
                "signed_name": {"type": "string", "pattern": r"\S"},
            },
            "required": ["method", "signed_name"],
        },
    ]


class ConsentIn(InputSchema):
    """The patient signs the clinic's text (`signed`, with their typed name), or the clinic
    records a paper consent (`paper`, with the day it was signed)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_consent_rule)
    method: Literal["signed", "paper"]
    signed_name: str | None = None
    signed_on: IsoDate | None = Field(default=None, json_schema_extra=on_or_before_today())


class WithdrawIn(InputSchema):
    model_config = ConfigDict(extra="forbid")
    multiline = frozenset({"reason"})
    reason: str = ""


class ConsentRecordOut(Schema):
    method: str
    signed_on: date
    text_version: int
    recorded_at: datetime
    withdrawn_at: datetime | None
    withdrawal_reason: str


class ConsentOut(Schema):
    """The patient's consent state: `on_file`, `withdrawn` or `none`, and the consents."""

    state: Literal["on_file", "withdrawn", "none"]
    current_text_version: int
    consents: list[ConsentRecordOut]


class CheckInAnswerIn(InputSchema):
    """The patient's answer: soreness since the session and pain now (0-10), and any symptom
    of the check-in's list (`new_numbness`, `new_weakness`, `bruising_on_anticoagulants`,
    `limb_swelling`, `fever`, `bladder_bowel_change`)."""

    model_config = ConfigDict(extra="forbid")
    soreness: StrictInt = Field(ge=0, le=10)
    pain: StrictInt = Field(ge=0, le=10)
    symptoms: list[str] = Field(default=[], max_length=10)


class CheckInAnswerOut(Schema):
    answered_at: datetime
    soreness: int
    pain: int
    symptoms: list[str]
    # What the patient is told: the red-flag message (as at the pre-session screen), or thanks.
    message: str


# A time of day as the clinic's clock shows it, "HH:MM" (JSON Schema's `time` format needs an
# offset, which local opening hours do not have).
CLOCK_TIME = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"


class DayHoursIn(InputSchema):
    """One open (or working) day: weekday 0 Monday ... 6 Sunday, from `start` to `end`, the
    clinic's local time of day."""

    model_config = ConfigDict(extra="forbid")
    weekday: StrictInt = Field(ge=0, le=6)
    start: str = Field(pattern=CLOCK_TIME, examples=["09:00"])
    end: str = Field(pattern=CLOCK_TIME, examples=["17:00"])

    def hours(self) -> tuple[time, time]:
        return time.fromisoformat(self.start), time.fromisoformat(self.end)


class WeekIn(InputSchema):
    """A week's hours: each open day once (a day left out is closed), at least one day."""

    model_config = ConfigDict(extra="forbid")
    week: list[DayHoursIn] = Field(min_length=1, max_length=7)


class OpeningHoursIn(WeekIn):
    session_minutes: StrictInt = Field(ge=15, le=240)


class DayHoursOut(Schema):
    weekday: int
    day: str
    start: str = Field(pattern=CLOCK_TIME)
    end: str = Field(pattern=CLOCK_TIME)


class OpeningHoursOut(Schema):
    """The clinic's week (the default Monday-Friday 08:00-18:00 until an admin sets it)."""

    week: list[DayHoursOut]
    own_hours: bool
    session_minutes: int


class WorkingHoursOut(Schema):
    """A staff member's week; the clinic's opening hours until their own are set."""

    membership_id: int
    user_id: int
    name: str
    role: str
    own_hours: bool
    week: list[DayHoursOut]


class DaySessionOut(Schema):
    """A session of the day view: when, whom, the patient's gate that day, open alerts."""

    session_id: int
    course_id: int
    number: int
    sessions: int
    patient_id: int
    patient_name: str
    therapist_id: int | None
    therapist: str
    status: str
    starts_at: datetime | None
    ends_at: datetime | None
    gate_open: bool
    gate_reasons: list[str]
    alerts: list[str]
