"""The insight page's filters: period, therapist and pain type."""

from __future__ import annotations

from typing import Any

from django import forms

from knotwork.clinics.models import Clinic
from knotwork.common.forms import TextRules
from knotwork.domain.anatomy import PAIN_TYPES
from knotwork.insight.presenters.common import PAIN_TYPE_LABELS
from knotwork.insight.querysets import Filters


class InsightFilterForm(TextRules, forms.Form):
    since = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"})
    )
    therapist = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    pain_type = forms.ChoiceField(
        required=False,
        label="Pain type",
        choices=[("", "All pain types"), *((k, PAIN_TYPE_LABELS[k]) for k in PAIN_TYPES)],
    )

    def __init__(self, *args: Any, clinic: Clinic, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.clinic = clinic
        staff = (
            clinic.memberships.filter(is_active=True)
            .select_related("user")
            .order_by("user__display_name", "user__email")
        )
        therapist = self.fields["therapist"]
        assert isinstance(therapist, forms.TypedChoiceField)
        therapist.choices = [
            ("", "All therapists"),
            *((m.user_id, m.user.display_name or m.user.email) for m in staff),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", "The end of the period comes before its start.")
        return data

    def filters(self) -> Filters:
        """The filters asked for (call after is_valid(); invalid fields count as not chosen)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return Filters(
            clinic_id=self.clinic.pk,
            since=data.get("since"),
            until=data.get("until"),
            therapist_id=data.get("therapist"),
            pain_type=data.get("pain_type") or None,
        )
