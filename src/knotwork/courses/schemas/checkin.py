"""The aftercare check-in's answer."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import ConfigDict, Field, StrictInt

from knotwork.common.schemas import InputSchema


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
