"""The API's input schemas: text fields one line unless declared multi-line."""

from __future__ import annotations

from typing import Any, ClassVar

from ninja import Schema
from pydantic import GetJsonSchemaHandler, ValidationInfo, field_validator
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from knotwork.common.text import MULTILINE_PATTERN, ONE_LINE_PATTERN, text_problem


class InputSchema(Schema):
    """Base of every request body and query schema of the API.

    Control characters are refused for every request by the text middleware; here the one-line
    rule is added: a text field not named in `multiline` refuses tabs and line breaks (422
    naming the field), the rule of `knotwork.common.text`. The OpenAPI document says so too: a
    `pattern` on every free-text field.
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

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler(core_schema)
        resolved = handler.resolve_ref_schema(schema)
        for name, prop in resolved.get("properties", {}).items():
            _add_text_pattern(
                prop, MULTILINE_PATTERN if name in cls.multiline else ONE_LINE_PATTERN
            )
        return schema


def _add_text_pattern(schema: dict[str, Any], pattern: str) -> None:
    """Give a free-text string (not an enum, a format or a pattern of its own) the pattern."""
    for key in ("anyOf", "oneOf", "allOf"):
        for option in schema.get(key, []):
            _add_text_pattern(option, pattern)
    if isinstance(schema.get("items"), dict):
        _add_text_pattern(schema["items"], ONE_LINE_PATTERN)
    plain = not any(k in schema for k in ("enum", "const", "format", "pattern", "$ref"))
    if schema.get("type") == "string" and plain:
        schema["pattern"] = pattern
