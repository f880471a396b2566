"""Turning this app's refusals into the API's 422 shape (`{"detail", "errors": [{field}]}`)."""

from __future__ import annotations

from ninja.errors import ValidationError

from knotwork.common.errors import unprocessable


def refused(field: str, message: str) -> ValidationError:
    """A 422 naming `field` (e.g. `answers[3]`), like pydantic's own errors."""
    return unprocessable([(field, message)])
