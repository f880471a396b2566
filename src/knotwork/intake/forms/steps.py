"""One form per intake step. Each form's `answers()` gives the JSON stored for the step."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from knotwork.common.forms import TextRules
from knotwork.domain import anatomy, knowledge, safety
from knotwork.intake.forms.widgets import as_bool, yes_no_field

PAIN_TYPE_LABELS = {
    "low_back": "Low back, buttock or leg",
    "neck": "Neck or shoulders",
    "headache": "Head (headache)",
    "facial": "Face or jaw",
    "other": "Somewhere else (upper or mid back, chest, belly)",
}
DURATIONS = [
    ("acute", "Less than 4 weeks"),
    ("subacute", "4 to 12 weeks"),
    ("chronic", "12 weeks or more"),
]
SLEEP = [
    ("good", "I sleep well"),
    ("sometimes", "Pain disturbs my sleep some nights"),
    ("most_nights", "Pain disturbs my sleep most nights"),
]
STRESS_CHOICES = [(str(n), str(n)) for n in range(11)]
# rf_anticoagulant is asked in the medicines step, where the patient thinks about medicines.
MEDICINES_FLAG = "rf_anticoagulant"


def duration_for(onset: date, today: date) -> str:
    """Acute under 4 weeks, subacute 4 to 12 weeks, chronic 12 weeks or more (ICSI-2018)."""
    days = (today - onset).days
    if days < 28:
        return "acute"
    if days < 84:
        return "subacute"
    return "chronic"


def _text(label: str, *, required: bool = False, rows: int = 3, help_text: str = "") -> forms.Field:
    return forms.CharField(
        label=label,
        required=required,
        max_length=2000,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _checkboxes(label: str, choices: list[tuple[str, str]], help_text: str = "") -> forms.Field:
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=False,
        help_text=help_text,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choice"}),
    )


class StepForm(TextRules, forms.Form):
    """A step's form. Subclasses turn the cleaned data into plain JSON in `answers()`."""

    def __init__(self, *args: Any, context: dict[str, Any] | None = None, **kwargs: Any) -> None:
        self.context = context or {}
        super().__init__(*args, **kwargs)

    def answers(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class ReasonForm(StepForm):
    reason = _text("What brings you to the clinic?", required=True, rows=4)


class WhereForm(StepForm):
    pain_types = _checkboxes(
        "Where is your pain?",
        [(p, PAIN_TYPE_LABELS[p]) for p in anatomy.PAIN_TYPES],
        help_text="Choose every area that hurts.",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # The pain map, when there is one, already says where it hurts.
        if not cleaned.get("pain_types") and not self.context.get("map_pain_types"):
            self.add_error("pain_types", "Choose at least one area, or draw your pain map first.")
        return cleaned

    def answers(self) -> dict[str, Any]:
        chosen = set(self.cleaned_data.get("pain_types") or ())
        chosen |= set(self.context.get("map_pain_types") or ())
        return {
            "pain_types": [p for p in anatomy.PAIN_TYPES if p in chosen],
            "pain_map_id": self.context.get("pain_map_id"),
        }


class OnsetForm(StepForm):
    onset_date = forms.DateField(
        label="When did it start?",
        required=False,
        help_text="A rough date is fine.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    duration = forms.ChoiceField(
        label="Or: how long have you had it?",
        choices=DURATIONS,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "choice"}),
    )

    def clean_onset_date(self) -> date | None:
        onset: date | None = self.cleaned_data.get("onset_date")
        if onset and onset > timezone.localdate():
            raise forms.ValidationError("The start date cannot be in the future.")
        if onset and onset.year < 1900:
            raise forms.ValidationError("Enter a year after 1900.")
        return onset

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("onset_date") and not cleaned.get("duration") and not self.errors:
            self.add_error("duration", "Give the date it started, or choose how long it has been.")
        return cleaned

    def answers(self) -> dict[str, Any]:
        onset: date | None = self.cleaned_data.get("onset_date")
        today = timezone.localdate()
        if onset:
            # A date is more precise than a chosen range, so the date decides.
            return {
                "onset_date": onset.isoformat(),
                "weeks": (today - onset).days // 7,
                "duration": duration_for(onset, today),
            }
        return {"onset_date": None, "weeks": None, "duration": self.cleaned_data["duration"]}


class StartForm(StepForm):
    started = forms.ChoiceField(
        label="How did it start?",
        choices=[("sudden", "Suddenly"), ("gradual", "Gradually"), ("unsure", "I am not sure")],
        widget=forms.RadioSelect(attrs={"class": "choice"}),
        error_messages={"required": "Choose one."},
    )
    factors = _checkboxes(
        "Did any of these come before it, or keep it going?",
        list(knowledge.load().factor_vocabulary().items()),
        help_text="Choose what fits; none is fine too.",
    )
    start_note = _text("Anything else about how it started?", rows=2)


class PositionsForm(StepForm):
    aggravating = _checkboxes(
        "What makes it worse?",
        [(t.id, t.label) for t in knowledge.load().features.values()],
    )
    aggravating_note = _text("Other positions or movements that make it worse", rows=2)
    easing_note = _text("What eases it (positions, movements, heat, rest...)?", rows=2)


class DailyForm(StepForm):
    work = _text("Your work, and how you spend a working day", rows=2)
    activities = _text("Daily activities, sport and hobbies", rows=2)
    sleep = forms.ChoiceField(
        label="Sleep",
        choices=SLEEP,
        widget=forms.RadioSelect(attrs={"class": "choice"}),
        error_messages={"required": "Choose one."},
    )
    stress = forms.TypedChoiceField(
        label="Over the past week, how stressed have you felt? (0 not at all, 10 extremely)",
        choices=STRESS_CHOICES,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "scale"}),
        error_messages={
            "required": "Choose a number from 0 to 10.",
            "invalid_choice": "Choose a number from 0 to 10.",
        },
    )


class MedicinesForm(StepForm):
    medicines = _text("Which medicines do you take?", rows=3, help_text="Names and doses if known.")
    anticoagulant = yes_no_field(safety.red_flag(MEDICINES_FLAG).question)

    def answers(self) -> dict[str, Any]:
        return {
            "medicines": self.cleaned_data["medicines"],
            "anticoagulant": as_bool(self.cleaned_data["anticoagulant"]),
        }


class HistoryForm(StepForm):
    earlier_treatment = _text("What treatment have you had for it so far, and did it help?")
    goals = _text("What would you like to be able to do again?", required=True)


class RedFlagsForm(StepForm):
    """The red-flag questions for where it hurts: the general ones, and those of the areas the
    pain map or the pain types named concern (all of them when neither is known)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regions = self.context.get("region_ids") or None
        pain_types = self.context.get("where_pain_types") or None
        for flag in safety.questions_for(regions, pain_types):
            if flag.id != MEDICINES_FLAG:
                self.fields[flag.id] = yes_no_field(flag.question)

    def answers(self) -> dict[str, Any]:
        return {key: as_bool(value) for key, value in self.cleaned_data.items()}


class QuestionnairesForm(StepForm):
    """Nothing to fill here: the step shows which questionnaires will follow."""


FORMS: dict[str, type[StepForm]] = {
    "reason": ReasonForm,
    "where": WhereForm,
    "onset": OnsetForm,
    "start": StartForm,
    "positions": PositionsForm,
    "daily": DailyForm,
    "medicines": MedicinesForm,
    "history": HistoryForm,
    "red_flags": RedFlagsForm,
    "questionnaires": QuestionnairesForm,
}
