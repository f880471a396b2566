"""Schemas of the intake API: the safety gate, screens and clearances; instruments, their
answers and scores."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Schema
from pydantic import ConfigDict, Field, StrictBool, StrictInt

from knotwork.common.ids import (
    PRE_SESSION_IDS,
    FindingKey,
    InstrumentId,
    IsoDate,
    PreSessionId,
    on_or_before_today,
)
from knotwork.common.schemas import InputSchema
from knotwork.domain.safety.flags import pre_session_for
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


class AssignmentIn(InputSchema):
    model_config = ConfigDict(extra="forbid")
    instrument: InstrumentId
    purpose: Purpose = Purpose.FOLLOW_UP


class AssignmentDetailOut(AssignmentOut):
    definition: InstrumentOut


class AnswersIn(InputSchema):
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


class ReadingOut(Schema):
    at: datetime
    value: float
    # "questionnaire", or e.g. "pain before session 3".
    source: str


class OutcomeOut(Schema):
    instrument: str
    name: str
    scores: list[dict[str, Any]]
    baseline: dict[str, Any]
    latest: dict[str, Any]
    # The measure's "now" by the one rule the pages use (`current_rule`); the change is to it.
    current: ReadingOut | None
    current_rule: str
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


class GateQuery(InputSchema):
    on: IsoDate | None = None


class RedFlagFindingOut(Schema):
    key: str
    urgency: str
    base_urgency: str
    escalated_with: list[str]
    scope: str
    sources: list[str]


class NotAskedOut(Schema):
    """An intake question left out for where it hurts, and why (in words)."""

    key: str
    question: str
    reason: str


class ScreenOut(Schema):
    id: int
    kind: str
    screened_on: date
    urgency: str | None
    complete: bool
    stop: bool
    findings: list[RedFlagFindingOut]
    unanswered: list[str]
    plan_notes: list[str]
    message: str
    # An intake screen's questions not asked for the regions and pain types given (else empty).
    not_asked: list[NotAskedOut] = []


class PreSessionIn(InputSchema):
    model_config = ConfigDict(extra="forbid")
    screened_on: IsoDate | None = Field(default=None, json_schema_extra=on_or_before_today())
    # Question id (ps_...) -> true (yes) / false (no). Every question asked needs an answer.
    # The questions asked whatever the regions are required here; those asked for some regions
    # only (the treated regions of the latest map decide) are refused when missing by the API.
    answers: dict[PreSessionId, StrictBool] = Field(
        max_length=len(PRE_SESSION_IDS),
        json_schema_extra={"required": [q.id for q in pre_session_for() if q.always]},
    )


class ClearanceOut(Schema):
    id: int
    cleared_by: str
    cleared_on: date
    keys: list[str]
    note: str
    has_letter: bool
    recorded_by: str | None


class ClearanceIn(InputSchema):
    model_config = ConfigDict(extra="forbid")
    multiline = frozenset({"note"})
    cleared_by: str = Field(min_length=1, max_length=200)
    cleared_on: IsoDate = Field(json_schema_extra=on_or_before_today())
    keys: list[FindingKey] = Field(min_length=1, max_length=100)
    note: str = Field(default="", max_length=2000)
