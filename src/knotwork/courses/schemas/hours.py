"""Booking's hours (the clinic's opening hours, a member's working hours) and the day view."""

from __future__ import annotations

from datetime import datetime, time

from ninja import Schema
from pydantic import ConfigDict, Field, StrictInt

from knotwork.common.schemas import InputSchema

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
