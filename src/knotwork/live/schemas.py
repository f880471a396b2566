"""Schemas of the live-feedback API: opening live feedback for a patient."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import ConfigDict, Field, StrictInt, field_validator, model_validator

from knotwork.common.schemas import InputSchema
from knotwork.live.trigger_points import choices


class LiveStartIn(InputSchema):
    model_config = ConfigDict(extra="forbid")
    # Trigger points to work, in order: the knowledge base's `muscle/trigger_point` key written
    # `muscle__trigger_point`, as the live messages carry it.
    plan: list[str] = Field(default=[], max_length=50)
    # Reference E.1: 5-7/10 is the default target window.
    window_low: StrictInt = Field(default=5, ge=0, le=10)
    window_high: StrictInt = Field(default=7, ge=0, le=10)

    @field_validator("plan")
    @classmethod
    def _known_points(cls, plan: list[str]) -> list[str]:
        known = {wire for wire, _ in choices()}
        unknown = [point for point in plan if point not in known]
        if unknown:
            raise ValueError(f"unknown trigger points: {', '.join(unknown)}")
        return plan

    @model_validator(mode="after")
    def _window_in_order(self) -> LiveStartIn:
        if self.window_low > self.window_high:
            raise ValueError("window_low must be at most window_high")
        return self


class LiveStartOut(Schema):
    id: int
    started_at: datetime
    short_code: str
    window_low: int
    window_high: int
    plan: list[str]
    screen_url: str
