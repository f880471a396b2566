"""Turning this app's refusals into the API's 422 shape (`{"detail", "errors": [{field}]}`)."""

from __future__ import annotations

from ninja.errors import ValidationError


def refused(field: str, message: str) -> ValidationError:
    """A 422 naming `field` (e.g. `answers[3]`), like pydantic's own errors."""
    location: list[str | int] = ["body"]
    for piece in field.replace("]", "").replace("[", ".").split("."):
        location.append(int(piece) if piece.isdigit() else piece)
    return ValidationError([{"loc": tuple(location), "msg": message, "type": "value_error"}])
