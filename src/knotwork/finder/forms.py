"""The palpation form on the candidates page; the rules themselves are `palpation.parse_finding`."""

from __future__ import annotations

from typing import Any

from django import forms

from knotwork.common.forms import TextRules
from knotwork.finder.palpation import MAX_NOTE, TENDERNESS_LABELS

YES_NO = [("yes", "Yes"), ("no", "No")]


class PalpationForm(TextRules, forms.Form):
    muscle = forms.CharField(widget=forms.HiddenInput)
    trigger_point = forms.CharField(widget=forms.HiddenInput)
    side = forms.CharField(widget=forms.HiddenInput)
    found = forms.ChoiceField(label="Trigger point found", choices=YES_NO, widget=forms.RadioSelect)
    tenderness = forms.TypedChoiceField(
        label="Tenderness",
        choices=[(k, f"{k} {v}") for k, v in TENDERNESS_LABELS.items()],
        coerce=int,
        initial=0,
    )
    twitch_response = forms.BooleanField(label="Local twitch response", required=False)
    referred_pain_reproduced = forms.BooleanField(label="Referred pain reproduced", required=False)
    note = forms.CharField(
        label="Note", required=False, max_length=MAX_NOTE, widget=forms.Textarea(attrs={"rows": 2})
    )

    def finding(self) -> dict[str, Any]:
        """The cleaned form in the shape `parse_finding` (and the API) takes."""
        data = dict(self.cleaned_data)
        data["found"] = data["found"] == "yes"
        return data


class LearningForm(TextRules, forms.Form):
    """The clinic setting of the finder's learned layer (admins only)."""

    learn_from_findings = forms.BooleanField(
        required=False, label="Learn from this clinic's palpation findings"
    )
