"""Patient records. Each belongs to one clinic; staff of other clinics never see it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

if TYPE_CHECKING:
    from knotwork.accounts.models import User


class PatientQuerySet(models.QuerySet["Patient"]):
    def for_user(self, user: User) -> PatientQuerySet:
        """The records this user may see: all of their clinics' patients, or a patient's own."""
        if not user.is_authenticated:
            return self.none()
        staff_clinics = user.memberships.filter(is_active=True).values("clinic_id")
        return self.filter(models.Q(clinic_id__in=staff_clinics) | models.Q(user=user)).distinct()


class Patient(models.Model):
    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="patients")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="patient_record",
    )
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    therapists = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="assigned_patients"
    )
    history = models.TextField(blank=True, help_text="Relevant history in the therapist's words.")
    is_demo = models.BooleanField(default=False, help_text="Synthetic demonstration data.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PatientQuerySet.as_manager()

    class Meta:
        ordering = ["family_name", "given_name"]
        indexes = [models.Index(fields=["clinic", "family_name"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"
