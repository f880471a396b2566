"""Schemas of the patients API. Inputs forbid unknown fields: a clinic id in the body is never
trusted, nor silently ignored."""

from __future__ import annotations

from datetime import date

from ninja import Schema
from pydantic import ConfigDict, EmailStr, Field, field_validator
from pydantic.json_schema import SkipJsonSchema

from knotwork.common.ids import IsoDate, on_or_before_today
from knotwork.common.schemas import InputSchema
from knotwork.patients.services import date_of_birth_problem


class PatientOut(Schema):
    id: int
    clinic_id: int
    given_name: str
    family_name: str
    date_of_birth: date | None
    email: str
    phone: str
    history: str
    physician_name: str
    physician_practice: str
    physician_email: str
    physician_phone: str
    physician_address: str
    is_demo: bool
    has_login: bool


def _name(value: object) -> object:
    # Names are stored stripped, so a name of spaces would be stored empty.
    if isinstance(value, str) and not value.strip():
        raise ValueError("must not be blank")
    return value


def _date_of_birth(value: date | None) -> date | None:
    problem = date_of_birth_problem(value)
    if problem:
        raise ValueError(problem)
    return value


class PatientIn(InputSchema):
    multiline = frozenset({"history"})
    # Unknown fields are refused (a clinic id in the body is never trusted, nor silently ignored).
    model_config = ConfigDict(extra="forbid")
    given_name: str = Field(min_length=1, max_length=100)
    family_name: str = Field(min_length=1, max_length=100)
    date_of_birth: IsoDate | None = Field(default=None, json_schema_extra=on_or_before_today())
    email: EmailStr | None = None
    phone: str = Field(default="", max_length=40)
    history: str = Field(default="", max_length=20000)
    physician_name: str = Field(default="", max_length=200)
    physician_practice: str = Field(default="", max_length=200)
    physician_email: EmailStr | None = None
    physician_phone: str = Field(default="", max_length=40)
    physician_address: str = Field(default="", max_length=500)

    check_names = field_validator("given_name", "family_name")(_name)
    check_born = field_validator("date_of_birth")(_date_of_birth)


class PatientPatch(InputSchema):
    model_config = ConfigDict(extra="forbid")
    multiline = frozenset({"history"})
    # Text fields: left out keeps the value, "" clears it, null is refused (so the document
    # does not offer it: SkipJsonSchema). Email and date of birth are cleared with null.
    given_name: str | SkipJsonSchema[None] = Field(default=None, min_length=1, max_length=100)
    family_name: str | SkipJsonSchema[None] = Field(default=None, min_length=1, max_length=100)
    date_of_birth: IsoDate | None = Field(default=None, json_schema_extra=on_or_before_today())
    email: EmailStr | None = None
    phone: str | SkipJsonSchema[None] = Field(default=None, max_length=40)
    history: str | SkipJsonSchema[None] = Field(default=None, max_length=20000)
    physician_name: str | SkipJsonSchema[None] = Field(default=None, max_length=200)
    physician_practice: str | SkipJsonSchema[None] = Field(default=None, max_length=200)
    physician_email: EmailStr | None = None
    physician_phone: str | SkipJsonSchema[None] = Field(default=None, max_length=40)
    physician_address: str | SkipJsonSchema[None] = Field(default=None, max_length=500)

    check_names = field_validator("given_name", "family_name")(_name)
    check_born = field_validator("date_of_birth")(_date_of_birth)

    @field_validator(
        "given_name",
        "family_name",
        "phone",
        "history",
        "physician_name",
        "physician_practice",
        "physician_phone",
        "physician_address",
        mode="before",
    )
    @classmethod
    def refuse_null(cls, value: object) -> object:
        # Only the emails and the date of birth can be cleared with null; text is cleared with "".
        if value is None:
            raise ValueError("cannot be null: leave the field out to keep it, or send a value")
        return value


class InvitationIn(InputSchema):
    model_config = ConfigDict(extra="forbid")
    email: EmailStr


class InvitationOut(Schema):
    """An invitation sent; its link went to the patient's mailbox only, never to the caller."""

    email: str
    expires_at: str
