"""The form on which an invited person sets their password."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


class AcceptInvitationForm(forms.Form):
    display_name = forms.CharField(max_length=150, required=False, label="Your name (optional)")
    password = forms.CharField(widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password_again = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}), label="Password again"
    )

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if cleaned.get("password") != cleaned.get("password_again"):
            raise ValidationError("The two passwords differ.")
        return cleaned
