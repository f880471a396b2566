"""One shape for every API error, declared once for every operation.

`{"detail": "what went wrong and what to do", "errors": [{"field": "marks[0].intensity",
"message": "..."}]}`. django-ninja leaves 401/403/404/422 out of the OpenAPI document unless an
operation declares them, so every router uses `responses()` below.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ninja import Schema
from ninja.errors import ValidationError


class FieldErrorOut(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[FieldErrorOut] = []


# 429: a request made with an API token beyond its rate (with Retry-After), on any operation.
ERROR_STATUSES = (400, 401, 403, 404, 422, 429)


def responses(ok: Any, ok_status: int = 200, **extra: Any) -> dict[int, Any]:
    """The response map of an operation: its success schema plus every error status."""
    result: dict[int, Any] = {ok_status: ok}
    result.update(dict.fromkeys(ERROR_STATUSES, ErrorOut))
    result.update({int(status.lstrip("_")): schema for status, schema in extra.items()})
    return result


# Where a pydantic location starts with these, they say where the value came from, not which field.
_LOCATION_PREFIXES = {
    "body",
    "query",
    "path",
    "header",
    "cookie",
    "form",
    "file",
    "payload",
    "data",
}


def field_path(location: tuple[Any, ...] | list[Any]) -> str:
    """`("body", "payload", "marks", 0, "intensity")` -> `marks[0].intensity`."""
    parts = list(location)
    while parts and isinstance(parts[0], str) and parts[0] in _LOCATION_PREFIXES:
        parts.pop(0)
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "body"


def friendly_message(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return "this field is required"
    if kind in ("int_type", "int_parsing"):
        # django-ninja drops the input from its errors, so name what is refused instead.
        if "input" in error:
            return f"must be a whole number, got {error['input']!r}"
        return "must be a whole number (not true/false, text or a decimal)"
    if kind == "extra_forbidden":
        return "unexpected field"
    if kind == "value_error":
        # Our own validators raise ValueError with a sentence; pydantic prefixes "Value error, ".
        return str(error.get("msg", "invalid value")).removeprefix("Value error, ")
    return str(error.get("msg", "invalid value"))


def unprocessable(errors: Iterable[tuple[str, str]]) -> ValidationError:
    """A 422 from (field path, message) pairs, such as the domain's own validation errors.

    `marks[1].intensity` becomes the location `("body", "marks", 1, "intensity")`, the shape
    pydantic gives, so every 422 is answered by the one handler in `knotwork/api/root.py`.
    """
    return ValidationError(
        [
            {"loc": ("body", *_location(field)), "msg": message, "type": "value_error"}
            for field, message in errors
        ]
    )


def _location(field: str) -> list[str | int]:
    return [
        int(piece) if piece.isdigit() else piece
        for piece in field.replace("]", "").replace("[", ".").split(".")
    ]
