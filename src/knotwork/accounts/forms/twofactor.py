"""Forms of two-factor authentication: a code at login, and a code to confirm a new app."""

from __future__ import annotations

from django import forms

from knotwork.common.forms import TextRules


class SecondFactorForm(TextRules, forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
        help_text="The 6-digit code your authenticator app shows, or one of your recovery codes.",
    )


class ConfirmAppForm(TextRules, forms.Form):
    code = forms.CharField(
        label="Code shown by the app",
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text="Six digits; a new one appears every 30 seconds.",
    )


class ClinicTwoFactorForm(TextRules, forms.Form):
    staff_need_two_factor = forms.BooleanField(
        required=False, label="Every staff member needs two-factor authentication"
    )
