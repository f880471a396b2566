from __future__ import annotations

from datetime import date

from django import forms

from knotwork.patients.models import Patient
from knotwork.patients.services import date_of_birth_problem


class PatientForm(forms.ModelForm[Patient]):
    class Meta:
        model = Patient
        fields = ["given_name", "family_name", "date_of_birth", "email", "phone", "history"]
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}),
            "history": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_date_of_birth(self) -> date | None:
        value = self.cleaned_data.get("date_of_birth")
        problem = date_of_birth_problem(value)
        if problem:
            raise forms.ValidationError(problem)
        return value


class InvitePatientForm(forms.Form):
    email = forms.EmailField(label="Patient's email")
