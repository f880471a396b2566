"""Schemas of the pain-map API: `{"marks": [{"region", "intensity", "quality"}], "note",
"no_pain"}`."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import ConfigDict, Field, StrictBool, StrictInt


class MarkIn(Schema):
    model_config = ConfigDict(extra="forbid")
    region: str
    # Strict: a boolean or "6" is not a pain score.
    intensity: StrictInt
    quality: str | None = None


class PainMapIn(Schema):
    model_config = ConfigDict(extra="forbid")
    marks: list[MarkIn] = Field(max_length=200)
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
