"""Treatment consent: signing, withdrawing and what is on file."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import ConfigDict, Field

from knotwork.common.ids import (
    IsoDate,
    on_or_before_today,
)
from knotwork.common.schemas import InputSchema


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
