"""Schemas of the intake API: the safety gate, screens and clearances; instruments, their
answers and scores."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Schema
from pydantic import ConfigDict, Field, StrictBool, StrictInt

from knotwork.intake.models import Purpose


class OptionOut(Schema):
    value: int
    label: str


class ItemOut(Schema):
    number: int
    label: str
    text: str | None
    options: list[OptionOut]


class InstrumentOut(Schema):
    id: str
    name: str
    version: str
    timeframe: str
    instructions: str
    ships_wording: bool
    min_items: int
    max_items: int
    items: list[ItemOut]


class ResponseOut(Schema):
    id: int
    answers: list[int | None]
    activities: list[str]
    result: dict[str, Any]
    answered_at: datetime
    answered_by: str | None


class AssignmentOut(Schema):
    id: int
    patient_id: int
    instrument: str
    name: str
    purpose: str
    status: str
    sent_at: datetime
    completed_at: datetime | None
    response: ResponseOut | None


class AssignmentIn(Schema):
    model_config = ConfigDict(extra="forbid")
    instrument: str = Field(max_length=20)
    purpose: Purpose = Purpose.FOLLOW_UP


class AssignmentDetailOut(AssignmentOut):
    definition: InstrumentOut


class AnswersIn(Schema):
    model_config = ConfigDict(extra="forbid")
    # One entry per item: the response option number as the instrument defines it, or null.
    answers: list[StrictInt | None] = Field(max_length=50)
    # PSFS only: the activity each answer rates.
    activities: list[str] = Field(default=[], max_length=50)


class ChangeOut(Schema):
    verdict: str
    difference: float | None
    improvement: float | None
    percent_change: float | None
    rule: str | None
    explanation: str


class OutcomeOut(Schema):
    instrument: str
    name: str
    scores: list[dict[str, Any]]
    baseline: dict[str, Any]
    latest: dict[str, Any]
    change: ChangeOut | None


class OutstandingOut(Schema):
    key: str
    urgency: str
    screened_on: date


class GateOut(Schema):
    action: str
    decided_on: date
    open: bool
    reasons: list[str]
    outstanding: list[OutstandingOut]
    reminders: list[OutstandingOut]
    plan_notes: list[str]


class GateQuery(Schema):
    on: date | None = None


class FindingOut(Schema):
    key: str
    urgency: str
    base_urgency: str
    escalated_with: list[str]
    scope: str
    sources: list[str]


class ScreenOut(Schema):
    id: int
    kind: str
    screened_on: date
    urgency: str | None
    complete: bool
    stop: bool
    findings: list[FindingOut]
    unanswered: list[str]
    plan_notes: list[str]
    message: str


class PreSessionIn(Schema):
    model_config = ConfigDict(extra="forbid")
    screened_on: date | None = None
    # Question id (ps_...) -> true (yes) / false (no). Every question asked needs an answer.
    answers: dict[str, StrictBool | None] = Field(max_length=50)


class ClearanceOut(Schema):
    id: int
    cleared_by: str
    cleared_on: date
    keys: list[str]
    note: str
    has_letter: bool
    recorded_by: str | None


class ClearanceIn(Schema):
    model_config = ConfigDict(extra="forbid")
    cleared_by: str = Field(min_length=1, max_length=200)
    cleared_on: date
    keys: list[str] = Field(min_length=1, max_length=100)
    note: str = Field(default="", max_length=2000)
