"""Schemas of the API-token operations."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from knotwork.accounts.services.tokens import DEFAULT_DAYS, MAX_DAYS
from knotwork.common.schemas import InputSchema


class TokenIn(InputSchema):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=100, description="What uses it; in the audit trail.")
    clinic_id: int = Field(description="A clinic you are an active member of.")
    scopes: list[Literal["read", "write"]] = Field(min_length=1, description="read, or read+write.")
    days: int = Field(DEFAULT_DAYS, ge=1, le=MAX_DAYS, description="Days until it expires.")


class TokenOut(Schema):
    id: int
    name: str
    clinic_id: int
    clinic: str
    owner: str
    scopes: list[str]
    prefix: str = Field(description="The token's first characters, to tell tokens apart.")
    status: Literal["active", "expired", "revoked"]
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None


class NewTokenOut(TokenOut):
    token: str = Field(description="The token itself: shown this once, never again.")
