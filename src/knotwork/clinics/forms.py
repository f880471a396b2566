from __future__ import annotations

from django import forms

from knotwork.audit.models import AuditAction
from knotwork.clinics.models import Role
from knotwork.common.forms import TextRules


class InviteMemberForm(TextRules, forms.Form):
    email = forms.EmailField()
    # Therapist is the safer default: making someone an admin should be a deliberate choice.
    role = forms.ChoiceField(choices=Role.choices, initial=Role.THERAPIST)


class MembershipForm(TextRules, forms.Form):
    role = forms.ChoiceField(choices=Role.choices)
    is_active = forms.BooleanField(required=False, label="Active")


class AuditFilterForm(TextRules, forms.Form):
    patient = forms.CharField(required=False, label="Patient name")
    actor = forms.CharField(required=False, label="Who (email)")
    action = forms.ChoiceField(required=False, choices=[("", "Any action"), *AuditAction.choices])
    since = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
