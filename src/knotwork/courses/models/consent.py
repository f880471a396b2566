"""Treatment consent: the clinic's consent text (versioned) and each patient's consent.

A patient signs the current text on their phone, or the therapist records that a paper consent
was signed on a given day. A withdrawal ends a consent (it is kept, marked withdrawn); a new
signature afterwards is a new consent. The first session of a course is signed only with a
consent on file, and no session is recorded or signed while the patient's consent is withdrawn
(`knotwork.courses.services.consent`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from knotwork.patients.models import PatientScopedQuerySet


class ConsentText(models.Model):
    """Version `version` of a clinic's treatment-consent text, as an admin saved it."""

    clinic = models.ForeignKey(
        "clinics.Clinic", on_delete=models.CASCADE, related_name="consent_texts"
    )
    version = models.PositiveSmallIntegerField()
    text = models.TextField()
    # Where the words come from (the default names the reference's sections); admins read it.
    source = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["clinic", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["clinic", "version"], name="one_consent_text_version")
        ]

    def __str__(self) -> str:
        return f"Consent text v{self.version} of {self.clinic}"


class ConsentMethod(models.TextChoices):
    SIGNED = "signed", "Signed by the patient in Knotwork"
    PAPER = "paper", "Signed on paper (recorded by the clinic)"


class ConsentQuerySet(PatientScopedQuerySet["TreatmentConsent"]):
    pass


class TreatmentConsent(models.Model):
    """One consent of a patient to treatment, to one version of the clinic's text."""

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="consents"
    )
    consent_text = models.ForeignKey(ConsentText, on_delete=models.PROTECT, related_name="+")
    method = models.CharField(max_length=10, choices=ConsentMethod.choices)
    signed_on = models.DateField()
    # The name the patient typed as their signature (phone), empty for paper.
    signed_name = models.CharField(max_length=200, blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawal_reason = models.TextField(blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"Consent of {self.patient} ({self.method}, {self.signed_on})"

    @property
    def text_version(self) -> str:
        return str(self.consent_text.version)

    @property
    def text(self) -> str:
        return self.consent_text.text
