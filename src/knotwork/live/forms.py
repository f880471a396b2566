"""Forms of live feedback: opening it for a patient, and typing the short code on a phone."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, ClassVar, cast

from django import forms
from django.forms.renderers import BaseRenderer
from django.utils.safestring import SafeString

from knotwork.common.forms import TextRules
from knotwork.domain.live import DiscomfortWindow
from knotwork.live.models import LiveSession
from knotwork.live.trigger_points import choices

if TYPE_CHECKING:
    from knotwork.patients.models import Patient


class TriggerPointSelect(forms.SelectMultiple):
    """Every trigger point of the knowledge base (hundreds of options, the same on every patient
    page): while nothing is chosen, rendered once per process instead of once per page (it was
    the largest part of the patient page's time)."""

    _unchosen: ClassVar[dict[tuple[str, str], SafeString]] = {}

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: BaseRenderer | None = None,
    ) -> SafeString:
        if value:
            return super().render(name, value, attrs, renderer)
        key = (name, json.dumps(attrs or {}, sort_keys=True, default=str))
        if key not in self._unchosen:
            self._unchosen[key] = super().render(name, value, attrs, renderer)
        return self._unchosen[key]


class StartLiveForm(TextRules, forms.Form):
    """Open live feedback: the treatment session, the trigger points planned, the target window."""

    # Any model: courses.TreatmentSession, which live reaches only through its foreign key.
    treatment_session: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Treatment session (its trigger points become the plan)",
    )

    plan = forms.MultipleChoiceField(
        required=False,
        choices=choices,
        label="Trigger points to work (optional; the order chosen is kept)",
        widget=TriggerPointSelect(attrs={"size": 6}),
    )
    # Reference E.1: 5-7/10 is the default target window; the therapist may narrow or move it.
    window_low = forms.IntegerField(min_value=0, max_value=10, initial=5, label="Target from")
    window_high = forms.IntegerField(min_value=0, max_value=10, initial=7, label="to")

    def __init__(self, *args: Any, patient: Patient, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only this patient's sessions that are still to be recorded can take live feedback.
        # The model is reached through LiveSession's own link to it: courses sits above live
        # (its session record shows the live traces), so live never imports the courses app.
        sessions = LiveSession._meta.get_field("treatment_session").related_model
        assert sessions is not None  # a foreign key always has its model
        field = cast("forms.ModelChoiceField[Any]", self.fields["treatment_session"])
        field.queryset = sessions._default_manager.filter(
            course__patient=patient, status__in=("planned", "booked")
        ).select_related("course__patient")

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        low, high = data.get("window_low"), data.get("window_high")
        if isinstance(low, int) and isinstance(high, int):
            if low > high:
                raise forms.ValidationError("The target window needs 'from' at most 'to'.")
            data["window"] = DiscomfortWindow(low, high)
        return data


class JoinCodeForm(TextRules, forms.Form):
    code = forms.CharField(
        max_length=8,
        label="Code shown on the therapist's screen",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    # The phone's own id (its page's script fills it in from the phone's storage), so the phone
    # that joined can rejoin with the code for as long as the session lasts.
    device = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
