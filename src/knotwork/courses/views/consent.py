"""Treatment consent pages: the patient signs or withdraws on their phone, the clinic records a
paper consent, an admin edits the clinic's consent text (a new version each time)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from knotwork.clinics.querysets import require_admin
from knotwork.common.errors import Refusal, add_to_form
from knotwork.common.forms import TextRules, text_checked_by_forms
from knotwork.common.requests import AuthenticatedRequest
from knotwork.courses.forms import DATE
from knotwork.courses.models import ConsentText
from knotwork.courses.services import (
    consent_on_file,
    current_text,
    record_paper_consent,
    save_consent_text,
    sign_consent,
    withdraw_consent,
)
from knotwork.patients.models import Patient
from knotwork.patients.querysets import get_patient_for_staff, get_patient_for_user


class SignConsentForm(TextRules, forms.Form):
    agree = forms.BooleanField(label="I have read this and I consent to the treatment")
    signed_name = forms.CharField(label="Type your full name to sign", max_length=200)


class WithdrawForm(TextRules, forms.Form):
    reason = forms.CharField(
        label="Why (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PaperConsentForm(TextRules, forms.Form):
    signed_on = forms.DateField(label="Signed on paper on", widget=DATE)


class ConsentTextForm(TextRules, forms.Form):
    text = forms.CharField(label="Consent text", widget=forms.Textarea(attrs={"rows": 24}))


def _own_patient(request: AuthenticatedRequest) -> Patient:
    patient = getattr(request.user, "patient_record", None)
    if patient is None:
        raise Http404("No patient record belongs to this login.")
    return get_patient_for_user(request.user, patient.pk)


@login_required
@text_checked_by_forms
def my_consent(request: AuthenticatedRequest) -> HttpResponse:
    """The patient reads the clinic's consent text and signs it by typing their name."""
    patient = _own_patient(request)
    on_file = consent_on_file(patient)
    form = SignConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sign_consent(
                actor=request.user,
                patient=patient,
                signed_name=form.cleaned_data["signed_name"],
                request=request,
            )
        except Refusal as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(request, "Thank you: your consent is on file.")
            return redirect("my_record")
    context = {
        "patient": patient,
        "consent": on_file,
        "text": on_file.consent_text if on_file else current_text(patient.clinic),
        "form": form,
        "withdraw_form": WithdrawForm(),
    }
    return render(request, "courses/my_consent.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def my_consent_withdraw(request: AuthenticatedRequest) -> HttpResponse:
    patient = _own_patient(request)
    form = WithdrawForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        withdraw_consent(actor=request.user, patient=patient, reason=reason, request=request)
    except Refusal as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, "Your consent is withdrawn. No further sessions will be given.")
    return redirect("my_record")


@login_required
@require_POST
def consent_paper(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    """The clinic records that the patient signed the consent text on paper."""
    patient = get_patient_for_staff(request.user, patient_id)
    form = PaperConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the day the paper consent was signed.")
    else:
        try:
            record_paper_consent(
                actor=request.user,
                patient=patient,
                signed_on=form.cleaned_data["signed_on"],
                request=request,
            )
        except Refusal as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, "Paper consent recorded.")
    return redirect("patient_detail", patient_id=patient.pk)


@login_required
@text_checked_by_forms
def consent_text(request: AuthenticatedRequest) -> HttpResponse:
    """The clinic's consent text; saving makes a new version (consents keep the one signed)."""
    admin = require_admin(request)
    clinic = admin.clinic
    latest = current_text(clinic)
    form = ConsentTextForm(request.POST or None, initial={"text": latest.text})
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_consent_text(
                actor=request.user, clinic=clinic, text=form.cleaned_data["text"], request=request
            )
        except Refusal as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(request, f"Consent text version {saved.version} saved.")
            return redirect("consent_text")
    context = {
        "clinic": clinic,
        "form": form,
        "latest": latest,
        "versions": ConsentText.objects.filter(clinic=clinic).select_related("created_by"),
    }
    return render(request, "courses/consent_text.html", context, status=400 if form.errors else 200)
