"""One refusal type, and one shape for every API error, declared once for every operation.

Services refuse with `Refusal` (or a subclass of it: one base for every app): its `status`
(422 for input the rules refuse, 409 for a state that refuses the action, ...), the `field` it
concerns and a `message` that says why and what to do. The API's one handler
(`knotwork/api/root.py`) answers it as

`{"detail": "what went wrong and what to do", "errors": [{"field": "marks[0].intensity",
"message": "..."}]}`,

the same shape as a schema's 422 and every other error (409 included); pages turn it into form
errors with `add_to_form(form, refusal)`. django-ninja leaves 401/403/404/409/422 out of the
OpenAPI document unless an operation declares them, so every router uses `responses()` below.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Self

from ninja import Schema

if TYPE_CHECKING:
    from django import forms


class Refusal(Exception):
    """An action the rules refuse: `status` for the API, `errors` as (field, message) pairs.

    `Refusal("why", field="start_date")` names one field; `Refusal.of_fields([...])` several
    (a domain validation's errors); a refusal without a field concerns the whole request.
    Subclasses set their own `status` (409 for `Conflict`) and may carry more (a gate decision),
    but the API answers each the same way.
    """

    status: int = 422

    def __init__(
        self,
        message: str = "",
        *,
        field: str = "",
        errors: Iterable[tuple[str, str]] = (),
    ) -> None:
        self.errors: tuple[tuple[str, str], ...] = tuple(errors) or (
            ((field, message),) if field else ()
        )
        self.field = field or (self.errors[0][0] if self.errors else "")
        self.message = message or "; ".join(f"{f}: {m}" for f, m in self.errors)
        super().__init__(self.message)

    @classmethod
    def of_fields(cls, errors: Iterable[Any]) -> Self:
        """A refusal from a domain validation's errors (anything with `.field` and `.message`)."""
        return cls(errors=[(error.field, error.message) for error in errors])

    @property
    def detail(self) -> str:
        """The API's `detail`: the message, or for field errors the same sentence as a 422."""
        if self.errors and self.status == 422:
            return "Some fields are not valid: " + "; ".join(f"{f}: {m}" for f, m in self.errors)
        return self.message or "The request was refused."

    def body(self) -> dict[str, Any]:
        """The API's error shape for this refusal."""
        return {
            "detail": self.detail,
            "errors": [{"field": f or "body", "message": m} for f, m in self.errors],
        }


class Conflict(Refusal):
    """The current state refuses the action (409): an active course, a signed session, ..."""

    status = 409


def add_to_form(form: forms.BaseForm, refusal: Refusal) -> None:
    """A refusal as form errors: each named field that the form has, the rest on the form."""
    if not refusal.errors:
        form.add_error(None, refusal.message)
    for field, message in refusal.errors:
        form.add_error(field if field in form.fields else None, message)


class FieldErrorOut(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[FieldErrorOut] = []


# 429: a request made with an API token beyond its rate (with Retry-After), on any operation.
# An operation whose writes a state may refuse adds `_409=ErrorOut` (a `Conflict`).
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
