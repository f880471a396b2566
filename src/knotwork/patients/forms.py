from __future__ import annotations

from django import forms

from knotwork.patients.models import Patient


class PatientForm(forms.ModelForm):
    class Meta:
        model = Patient
        fields = ["given_name", "family_name", "date_of_birth", "email", "phone", "history"]
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}),
            "history": forms.Textarea(attrs={"rows": 4}),
        }


class InvitePatientForm(forms.Form):
    email = forms.EmailField(label="Patient's email")
