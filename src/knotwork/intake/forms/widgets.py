"""Shared form pieces: yes/no radios and the htmx attributes that check a field as it changes."""

from __future__ import annotations

from django import forms

YES_NO = [("yes", "Yes"), ("no", "No")]


def yes_no_field(label: str, *, required: bool = True, help_text: str = "") -> forms.ChoiceField:
    """A yes/no question answered with two big radio buttons."""
    return forms.ChoiceField(
        label=label,
        choices=YES_NO,
        widget=forms.RadioSelect(attrs={"class": "choice"}),
        required=required,
        help_text=help_text,
        error_messages={"required": "Answer yes or no."},
    )


def as_bool(value: str | None) -> bool | None:
    """`"yes"` -> True, `"no"` -> False, nothing -> None."""
    if value in ("", None):
        return None
    return value == "yes"


def live_check(form: forms.Form, url: str) -> None:
    """Ask htmx to post the form to `url` whenever a field changes, to show that field's error."""
    for field in form.fields.values():
        field.widget.attrs.update(
            {
                "hx-post": url,
                "hx-trigger": "change",
                "hx-swap": "none",
                "hx-include": "closest form",
            }
        )
