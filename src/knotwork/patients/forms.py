from __future__ import annotations

from datetime import date

from django import forms

from knotwork.common.forms import TextRules
from knotwork.patients.models import Patient
from knotwork.patients.services import EDITABLE_FIELDS, date_of_birth_problem


class PatientForm(TextRules, forms.ModelForm[Patient]):
    class Meta:
        model = Patient
        # The fields a staff member may change: the service's list, so form and API agree.
        fields = list(EDITABLE_FIELDS)
        labels = {
            "physician_name": "Physician's name",
            "physician_practice": "Physician's practice",
            "physician_email": "Physician's email",
            "physician_phone": "Physician's phone",
            "physician_address": "Physician's postal address",
        }
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}),
            "history": forms.Textarea(attrs={"rows": 4}),
            "physician_address": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_date_of_birth(self) -> date | None:
        value = self.cleaned_data.get("date_of_birth")
        problem = date_of_birth_problem(value)
        if problem:
            raise forms.ValidationError(problem)
        return value


class InvitePatientForm(TextRules, forms.Form):
    email = forms.EmailField(label="Patient's email")
