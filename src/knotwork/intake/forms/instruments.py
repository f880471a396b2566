"""Forms to answer an instrument (one item per row), send one, and upload a clinic's pack."""

from __future__ import annotations

from typing import Any

from django import forms

from knotwork.common.forms import TextRules
from knotwork.domain import outcomes
from knotwork.intake.models.instruments import INSTRUMENT_CHOICES


def _options(item: outcomes.Item) -> list[tuple[str, str]]:
    response = item.response
    if response.options:
        return [(str(o.value), o.label) for o in response.options]
    return [(str(v), str(v)) for v in response.values]


class AnswerForm(TextRules, forms.Form):
    """One radio group per item; an item left blank is a missing answer (scored by the rules)."""

    def __init__(self, *args: Any, definition: outcomes.Instrument, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.definition = definition
        for item in definition.items:
            if definition.variable:
                self.fields[f"activity_{item.number}"] = forms.CharField(
                    label=f"Activity {item.number}: what is it?", required=False, max_length=200
                )
            # PSFS items have no wording of their own; the rating asks about the activity named
            # just above it rather than repeating the same "Activity 1" heading.
            rating_label = (
                f"How well can you do activity {item.number} today?"
                if definition.variable
                else item.text or item.label
            )
            self.fields[f"item_{item.number}"] = forms.TypedChoiceField(
                label=rating_label,
                choices=_options(item),
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect(
                    attrs={"class": "scale" if not item.response.options else "choice"}
                ),
            )

    def answers(self) -> tuple[list[int | None], list[str]]:
        """The answers in item order and, for PSFS, the activities (trailing blanks dropped)."""
        numbers = [item.number for item in self.definition.items]
        answers = [self.cleaned_data.get(f"item_{n}") for n in numbers]
        if not self.definition.variable:
            return answers, []
        names = [self.cleaned_data.get(f"activity_{n}", "") for n in numbers]
        # PSFS takes as many activities as the patient named; unused rows are not missing items.
        while answers and answers[-1] is None and not names[-1]:
            answers.pop()
            names.pop()
        return answers, names

    def rows(self) -> list[dict[str, Any]]:
        """Per item: its field, its activity field (PSFS) and anchor labels, for the template."""
        rows = []
        for item in self.definition.items:
            anchors = item.response.anchors or {}
            rows.append(
                {
                    "item": item,
                    "field": self[f"item_{item.number}"],
                    "activity": self[f"activity_{item.number}"]
                    if self.definition.variable
                    else None,
                    "anchors": sorted(anchors.items()),
                }
            )
        return rows


class SendInstrumentForm(TextRules, forms.Form):
    instrument = forms.ChoiceField(label="Questionnaire", choices=INSTRUMENT_CHOICES)


class PackUploadForm(TextRules, forms.Form):
    file = forms.FileField(
        label="Instrument pack file",
        help_text="YAML or JSON in the knotwork-instrument-pack/1 format, up to 256 KiB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".yaml,.yml,.json"}),
    )
