"""The form that makes a personal API token."""

from __future__ import annotations

from typing import Any

from django import forms

from knotwork.accounts.services.tokens import DEFAULT_DAYS, MAX_DAYS
from knotwork.common.forms import TextRules


class NewTokenForm(TextRules, forms.Form):
    name = forms.CharField(
        max_length=100,
        label="Name",
        help_text="What uses it, e.g. “nightly export”; shown in the audit trail.",
    )
    clinic = forms.TypedChoiceField(coerce=int, label="Clinic")
    scopes = forms.ChoiceField(
        choices=[("read", "Read only"), ("read,write", "Read and write")],
        initial="read",
        label="May",
        widget=forms.RadioSelect,
    )
    days = forms.IntegerField(
        min_value=1,
        max_value=MAX_DAYS,
        initial=DEFAULT_DAYS,
        label="Expires after (days)",
    )

    def __init__(self, *args: Any, clinics: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["clinic"]
        if isinstance(field, forms.ChoiceField):
            field.choices = clinics
        if len(clinics) == 1:
            field.initial = clinics[0][0]
