"""Forms on which an invited person sets their own password: from a mailed link, or with the
one-time code their clinic handed them."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from knotwork.clinics.models import LOGIN_CODE_LENGTH, normalise_login_code
from knotwork.common.forms import TextRules

NEW_PASSWORD = {"autocomplete": "new-password"}


class AcceptInvitationForm(TextRules, forms.Form):
    display_name = forms.CharField(max_length=150, required=False, label="Your name (optional)")
    password = forms.CharField(widget=forms.PasswordInput(attrs=NEW_PASSWORD))
    password_again = forms.CharField(
        widget=forms.PasswordInput(attrs=NEW_PASSWORD), label="Password again"
    )

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if cleaned.get("password") != cleaned.get("password_again"):
            raise ValidationError("The two passwords differ.")
        return cleaned


class LoginCodeForm(TextRules, forms.Form):
    code = forms.CharField(
        label="Code from your clinic",
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}
        ),
        help_text="Eight letters and digits, as printed, e.g. ABCD-EF23.",
    )
    date_of_birth = forms.DateField(
        label="Your date of birth",
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}),
    )

    def clean_code(self) -> str:
        code = normalise_login_code(self.cleaned_data["code"])
        if len(code) != LOGIN_CODE_LENGTH:
            raise ValidationError(
                f"The code has {LOGIN_CODE_LENGTH} letters and digits; check the sheet."
            )
        return code


class ChooseLoginForm(AcceptInvitationForm):
    email = forms.EmailField(
        label="Your email address (your login)",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    field_order = ["email", "display_name", "password", "password_again"]
