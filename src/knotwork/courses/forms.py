"""Forms of the course pages: start, book, session record with its trigger points, decisions.

The trigger points a therapist may pick when recording a session come the finder's first:
those found on palpation (the finder app's findings), then the finder's candidates for the
latest pain map, then every trigger point of the knowledge base (the muscle list). A choice's
value is `source:muscle/trigger_point/side`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import time
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from knotwork.common.forms import TextRules
from knotwork.courses.checkins import SYMPTOMS
from knotwork.courses.models import PressureUnit
from knotwork.courses.models.session import trigger_point_label
from knotwork.courses.querysets import DISABILITY_INSTRUMENTS
from knotwork.domain import knowledge
from knotwork.domain.protocol import WEEKDAYS
from knotwork.domain.referral import rank
from knotwork.finder.querysets import findings_of

if TYPE_CHECKING:
    from knotwork.patients.models import Patient

DATE = forms.DateInput(attrs={"type": "date"})
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
Choice = tuple[str, str]
# How many of the finder's candidates the session form offers.
FINDER_TOP = 10


def choice_key(source: str, muscle: str, trigger_point: str, side: str) -> str:
    return f"{source}:{muscle}/{trigger_point}/{side}"


def parse_choice(value: str) -> dict[str, str]:
    """`finder:upper_trapezius/tp1/left` -> the fields of a treated point."""
    source, _, rest = value.partition(":")
    muscle, trigger_point, side = [*rest.split("/"), "", "", ""][:3]
    return {"chosen_from": source, "muscle": muscle, "trigger_point": trigger_point, "side": side}


def _finder_choices(patient: Patient) -> list[Choice]:
    found: list[Choice] = []
    for finding in findings_of(patient):
        if finding.found:
            value = choice_key("finder", finding.muscle, finding.trigger_point, finding.side)
            label = trigger_point_label(finding.muscle, finding.trigger_point, finding.side)
            found.append((value, f"{label}, found on palpation"))
    pain_map = patient.pain_maps.prefetch_related("marks").first()
    if pain_map is not None and pain_map.marks.exists():
        for candidate in rank(pain_map.to_domain(), top=FINDER_TOP).candidates:
            point = (candidate.muscle, candidate.trigger_point, candidate.side)
            found.append((choice_key("finder", *point), trigger_point_label(*point)))
    return list(dict(found).items())


def _muscle_list() -> list[Choice]:
    found: list[Choice] = []
    for tp in knowledge.load().trigger_points():
        for side in [pattern.side for pattern in tp.patterns]:
            point = (tp.muscle, tp.id, side)
            found.append((choice_key("muscle_list", *point), trigger_point_label(*point)))
    return found


def trigger_point_choices(patient: Patient) -> list[tuple[str, list[Choice]]]:
    """Grouped choices for a select: the finder's list first, then the muscle list."""
    groups = []
    finder = _finder_choices(patient)
    if finder:
        groups.append(("Trigger points to examine (finder)", finder))
    groups.append(("All muscles", _muscle_list()))
    return groups


def muscle_choices() -> list[Choice]:
    """Muscles whose self-care advice can be given as home care."""
    return [(m.id, m.name) for m in knowledge.load().muscles.values() if m.self_care]


def score_field(label: str, *, required: bool = False) -> forms.IntegerField:
    """A whole-number 0-10 rating (NPRS, soreness, discomfort)."""
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=10,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": 10}),
        error_messages={
            "min_value": "Use the 0-10 scale: 0 is none, 10 the worst imaginable.",
            "max_value": "Use the 0-10 scale: 0 is none, 10 the worst imaginable.",
            "invalid": "Enter a whole number from 0 to 10.",
        },
    )


class StartCourseForm(TextRules, forms.Form):
    starts_at = forms.DateTimeField(
        label="First session (date and time)",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="Inside the clinic's opening hours and your working hours; the next free time "
        "is filled in.",
        error_messages={
            "required": "Choose the first session's date and time.",
            "invalid": "Choose the first session's date and time.",
        },
    )
    disability_instrument = forms.ChoiceField(
        label="Primary disability instrument",
        choices=[(i, i.upper()) for i in DISABILITY_INSTRUMENTS],
        help_text="ODI for low back pain, NDI for neck pain, PSFS otherwise.",
    )
    baseline_nprs = score_field("Baseline NPRS (only if the intake has none)")
    baseline_disability = forms.FloatField(
        label="Baseline disability score (only if the intake has none)",
        required=False,
        min_value=0,
        max_value=100,
    )


DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class BookForm(TextRules, forms.Form):
    """A booking: a start time and the therapist (the clinic's staff; the course's by default)."""

    starts_at = forms.DateTimeField(
        label="Date and time",
        widget=DATETIME,
        error_messages={
            "required": "Choose a date and a time.",
            "invalid": "Choose a date and a time.",
        },
    )
    therapist = forms.TypedChoiceField(label="With", coerce=int, required=False, empty_value=None)
    early_reason = forms.CharField(
        label="Why sooner than the plan's minimum gap",
        required=False,
        max_length=2000,
        help_text="Only when this session is booked closer to its neighbours than the plan allows.",
    )

    def __init__(
        self, *args: Any, therapists: list[tuple[int, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["therapist"]).choices = therapists or []


class WeekForm(TextRules, forms.Form):
    """Open or working hours for each weekday: a tick and the two times."""

    def __init__(self, *args: Any, labels: tuple[str, str] = ("Opens", "Closes"), **kwargs: Any):
        super().__init__(*args, **kwargs)
        for number, name in enumerate(WEEKDAYS):
            self.fields[f"day{number}"] = forms.BooleanField(label=name, required=False)
            self.fields[f"start{number}"] = forms.TimeField(
                label=f"{labels[0]} ({name})", required=False, widget=TIME
            )
            self.fields[f"end{number}"] = forms.TimeField(
                label=f"{labels[1]} ({name})", required=False, widget=TIME
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(f"day{number}") for number in range(7)):
            raise forms.ValidationError("Choose at least one day.")
        for number, name in enumerate(WEEKDAYS):
            if not data.get(f"day{number}"):
                continue
            start, end = data.get(f"start{number}"), data.get(f"end{number}")
            if start is None or end is None:
                self.add_error(f"start{number}", f"Give both times for {name}.")
            elif end <= start:
                self.add_error(f"end{number}", f"On {name} the end comes after the start.")
        return data

    def week(self) -> dict[int, tuple[time, time] | None]:
        data = self.cleaned_data
        return {
            number: (data[f"start{number}"], data[f"end{number}"])
            if data.get(f"day{number}")
            else None
            for number in range(7)
        }

    def days(self) -> list[tuple[forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (self[f"day{number}"], self[f"start{number}"], self[f"end{number}"])
            for number in range(7)
        ]

    @staticmethod
    def initial_of(week: Mapping[int, tuple[time, time]]) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for number in range(7):
            hours = week.get(number)
            initial[f"day{number}"] = hours is not None
            initial[f"start{number}"] = hours[0] if hours else time(8)
            initial[f"end{number}"] = hours[1] if hours else time(18)
        return initial


class OpeningHoursForm(WeekForm):
    session_minutes = forms.IntegerField(
        label="A session lasts (minutes)", min_value=15, max_value=240
    )


class SessionForm(TextRules, forms.Form):
    held_at = forms.DateTimeField(
        label="Session ended at",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    pre_nprs = score_field("Pain today before the session (NPRS 0-10)", required=True)
    soreness_since_last = score_field("Soreness since the last session (0-10)")
    post_nprs = score_field("Pain after the session (NPRS 0-10)")
    techniques = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    stretches = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    home_care = forms.MultipleChoiceField(
        label="Home care given (the muscle's self-care advice)",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    subjective = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    objective = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    assessment = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    plan = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    early_reason = forms.CharField(
        label="Why sooner than the plan's minimum gap",
        required=False,
        help_text="Only when this session follows the last one sooner than the plan allows.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reason = forms.CharField(
        label="Reason for the amendment",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, amending: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["home_care"]).choices = muscle_choices()
        self.amending = amending
        if not amending:
            del self.fields["reason"]
        else:
            del self.fields["early_reason"]
            self.fields["reason"].required = True
            # The time a session was held is fixed by signing; amendments change the record only.
            del self.fields["held_at"]


class PointForm(TextRules, forms.Form):
    """One trigger point treated: pressure as a grade 1-5 and/or an algometer reading."""

    target = forms.ChoiceField(label="Trigger point", required=False)
    pressure_grade = forms.IntegerField(
        label="Pressure grade 1-5", required=False, min_value=1, max_value=5
    )
    algometer_value = forms.DecimalField(
        label="Algometer", required=False, min_value=0, max_digits=6, decimal_places=2
    )
    algometer_unit = forms.ChoiceField(
        label="Unit", required=False, choices=[("", "—"), *PressureUnit.choices]
    )
    hold_seconds = forms.IntegerField(
        label="Hold (s)", required=False, validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    repetitions = forms.IntegerField(
        label="Repetitions",
        required=False,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    discomfort = score_field("Discomfort 0-10")
    release_felt = forms.BooleanField(label="Release felt", required=False)
    referred_pain_reproduced = forms.BooleanField(label="Referred pain reproduced", required=False)

    def __init__(self, *args: Any, target_choices: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["target"]).choices = [
            ("", "—"),
            *(target_choices or []),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("target"):
            return data
        if data.get("pressure_grade") is None and data.get("algometer_value") is None:
            raise forms.ValidationError(
                "Give the pressure: a grade 1-5 and/or an algometer reading."
            )
        if data.get("algometer_value") is not None and not data.get("algometer_unit"):
            self.add_error("algometer_unit", "Say the algometer's unit.")
        return data

    def as_point(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        if not data.get("target"):
            return None
        point: dict[str, Any] = {**parse_choice(data["target"])}
        for name in (
            "pressure_grade",
            "algometer_value",
            "hold_seconds",
            "repetitions",
            "discomfort",
            "release_felt",
            "referred_pain_reproduced",
        ):
            point[name] = data.get(name)
        point["algometer_unit"] = data.get("algometer_unit") or ""
        return point


PointFormSet = forms.formset_factory(PointForm, extra=0, max_num=30, absolute_max=30)


class DecisionForm(TextRules, forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("continue", "Continue the course"),
            ("refer", "Refer on"),
            ("end", "End the course"),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class EndCourseForm(TextRules, forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))


# The patient reads these on the check-in page; the stored keys stay the domain's ids.
SYMPTOM_LABELS = {
    "new_numbness": "New numbness",
    "new_weakness": "New weakness in an arm or a leg",
    "bruising_on_anticoagulants": "Bruising while taking blood thinners",
    "limb_swelling": "A swollen arm or leg",
    "fever": "Fever",
    "bladder_bowel_change": "New trouble passing urine or controlling your bowels",
}


def _patient_scale(label: str) -> forms.TypedChoiceField:
    """A 0-10 rating as eleven big buttons for a phone (the intake's scale)."""
    message = "Choose a number from 0 (none) to 10 (the worst)."
    return forms.TypedChoiceField(
        label=label,
        choices=[(str(n), str(n)) for n in range(11)],
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "scale"}),
        error_messages={"required": message, "invalid_choice": message},
    )


class CheckInAnswerForm(TextRules, forms.Form):
    soreness = _patient_scale("Soreness since the session (0 none - 10 worst)")
    pain = _patient_scale("Your pain now (0 none - 10 worst)")
    symptoms = forms.MultipleChoiceField(
        label="Since the session, have you noticed any of these?",
        required=False,
        choices=[(key, SYMPTOM_LABELS.get(key, label)) for key, label in SYMPTOMS.items()],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choice"}),
    )


class TightnessForm(TextRules, forms.Form):
    on = forms.DateField(label="Tightness came back on", widget=DATE)
