"""The audit trail: one append-only entry per create, change, delete or read of patient data,
and per clinic-wide security event (API tokens made, used and revoked; the two-factor rule)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class AuditAction(models.TextChoices):
    CREATE = "create", "Created"
    CHANGE = "change", "Changed"
    DELETE = "delete", "Deleted"
    READ = "read", "Viewed"
    GATE = "gate", "Safety gate decision"
    API = "api", "API request"
    ACCOUNT = "account", "Account security"


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def for_clinic_admin(self, user: Any) -> AuditEntryQuerySet:
        admin_clinics = user.memberships.filter(is_active=True, role="admin").values("clinic_id")
        return self.filter(clinic_id__in=admin_clinics)


class AppendOnly(Exception):
    """Audit entries cannot be changed or deleted through the application."""


class AuditEntry(models.Model):
    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The patient's id and name are kept as plain values so an entry outlives the record.
    patient_id = models.BigIntegerField(null=True, db_index=True)
    patient_name = models.CharField(max_length=210, blank=True)
    action = models.CharField(max_length=10, choices=AuditAction.choices)
    subject = models.CharField(
        max_length=60, help_text="What kind of record, e.g. patient, pain_map."
    )
    subject_id = models.CharField(max_length=40, blank=True)
    detail = models.CharField(max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor}: {self.action} {self.subject}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnly("audit entries are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnly("audit entries are never deleted")

    @property
    def what(self) -> str:
        """The action and the kind of record in words, e.g. "Created check in answer"."""
        action = self.get_action_display()
        subject = self.subject.replace("_", " ")
        # A gate decision's subject is always "gate", which the action already says.
        if self.action == AuditAction.GATE and self.subject == "gate":
            return action
        return f"{action} {subject}"
