"""The API's input schemas: text fields one line unless declared multi-line."""

from __future__ import annotations

from typing import ClassVar

from ninja import Schema
from pydantic import ValidationInfo, field_validator

from knotwork.common.text import text_problem


class InputSchema(Schema):
    """Base of every request body and query schema of the API.

    Control characters are refused for every request by the text middleware; here the one-line
    rule is added: a text field not named in `multiline` refuses tabs and line breaks (422
    naming the field), the rule of `knotwork.common.text`.
    """

    multiline: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*", mode="after", check_fields=False)
    @classmethod
    def _text_is_text(cls, value: object, info: ValidationInfo) -> object:
        if isinstance(value, str):
            problem = text_problem(value, multiline=info.field_name in cls.multiline)
            if problem:
                raise ValueError(problem)
        return value
