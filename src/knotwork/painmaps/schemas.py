"""Schemas of the pain-map API: `{"marks": [{"region", "intensity", "quality"}], "note",
"no_pain"}`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Schema
from pydantic import ConfigDict, Field, StrictBool, StrictInt

from knotwork.common.ids import REGION_IDS, MarkQuality, RegionId
from knotwork.common.schemas import InputSchema
from knotwork.domain.painmap import MAX_INTENSITY, MIN_INTENSITY


class MarkIn(InputSchema):
    model_config = ConfigDict(extra="forbid")
    region: RegionId
    # Strict: a boolean or "6" is not a pain score.
    intensity: StrictInt = Field(ge=MIN_INTENSITY, le=MAX_INTENSITY)
    # Empty or null: no quality named.
    quality: MarkQuality | None = None


def _no_pain_rule(json_schema: dict[str, Any]) -> None:
    """`no_pain` true with no mark above 0; otherwise at least one mark above 0
    (`check_recordable`). Each region once is said in the description: JSON Schema cannot."""
    json_schema["anyOf"] = [
        {
            "required": ["no_pain"],
            "properties": {
                "no_pain": {"const": True},
                "marks": {"items": {"properties": {"intensity": {"const": MIN_INTENSITY}}}},
            },
        },
        {
            "properties": {
                "no_pain": {"const": False},
                "marks": {"contains": {"properties": {"intensity": {"minimum": 1}}}},
            },
            "required": ["marks"],
        },
    ]


class PainMapIn(InputSchema):
    model_config = ConfigDict(extra="forbid", json_schema_extra=_no_pain_rule)
    multiline = frozenset({"note"})
    marks: list[MarkIn] = Field(
        max_length=len(REGION_IDS), description="At most one mark per region of the atlas."
    )
    note: str = Field(default="", max_length=2000)
    # The explicit "no pain anywhere today": a map with no painful region is refused without it.
    no_pain: StrictBool = Field(
        default=False,
        description=(
            "true records a day without pain; required when no mark has an intensity above 0, "
            "refused when one has"
        ),
    )


class MarkOut(Schema):
    region: str
    intensity: int
    quality: str | None


class PainMapOut(Schema):
    id: int
    patient_id: int
    drawn_at: datetime
    drawn_by: str | None
    drawn_via: str
    marks: list[MarkOut]
    note: str
    no_pain: bool
