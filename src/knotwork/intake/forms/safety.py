"""Forms for clearances and the pre-session screen."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone

from knotwork.common.forms import TextRules
from knotwork.domain import safety
from knotwork.intake.forms.widgets import as_bool, yes_no_field
from knotwork.intake.letters import max_letter_bytes


def finding_label(key: str) -> str:
    """The question behind a finding key, for people: `rf_...` intake, `ps_...` pre-session."""
    if key in safety.red_flags():
        return safety.red_flag(key).question
    questions = safety.pre_session_questions()
    return questions[key].question if key in questions else key


def finding_choice(key: str) -> str:
    """A clearance form's label for a finding: the question and the screen that asks it, in
    words (the key itself is for the record, not for people)."""
    where = "intake screen" if key in safety.red_flags() else "pre-session screen or check-in"
    return f"{finding_label(key)} ({where})"


class ClearanceForm(TextRules, forms.Form):
    cleared_by = forms.CharField(
        label="Cleared by", max_length=200, help_text="The physician's name and role."
    )
    cleared_on = forms.DateField(
        label="Date of the clearance", widget=forms.DateInput(attrs={"type": "date"})
    )
    keys = forms.MultipleChoiceField(
        label="Findings this clearance covers",
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choice"}),
        error_messages={"required": "Choose the findings this clearance covers."},
    )
    note = forms.CharField(
        label="Note", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    letter = forms.FileField(
        label="Letter (optional)",
        required=False,
        help_text=f"PDF, PNG or JPEG, up to {max_letter_bytes() // (1024 * 1024)} MiB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )

    def __init__(self, *args: Any, keys: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["keys"]).choices = keys
        self.fields["cleared_on"].initial = timezone.localdate()


class PreSessionForm(TextRules, forms.Form):
    """The short screen: the questions for the treated regions, inflammation always among them."""

    screened_on = forms.DateField(
        label="Screen for the session on",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Today, unless you are entering an earlier paper screen.",
    )

    def __init__(self, *args: Any, region_ids: list[str], staff: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["screened_on"].initial = timezone.localdate()
        if not staff:
            # A patient answers for today only.
            del self.fields["screened_on"]
        for question in safety.pre_session_for(region_ids or None):
            self.fields[question.id] = yes_no_field(question.question)

    def answers(self) -> dict[str, bool | None]:
        return {
            key: as_bool(value) for key, value in self.cleaned_data.items() if key != "screened_on"
        }
