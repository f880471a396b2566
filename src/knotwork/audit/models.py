"""The audit trail: one append-only entry per create, change, delete or read of patient data,
per list of patients shown, per admin action, and per clinic-wide security event (API tokens
made, used and revoked; the two-factor rule).

Tamper evidence: every entry has a place in one chain (`seq`, counting up from 1) and stores a
keyed hash (HMAC-SHA256, its key outside the database) over its own content and the previous
entry's hash (`chain.py`). The chain's head
row (`AuditChainHead`) is locked while an entry is written, so two writers never link to the
same predecessor; `knotwork audit verify` walks the chain.
"""

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
    ADMIN = "admin", "Clinic administration"


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def for_clinic_admin(self, user: Any) -> AuditEntryQuerySet:
        admin_clinics = user.memberships.filter(is_active=True, role="admin").values("clinic_id")
        return self.filter(clinic_id__in=admin_clinics)


class AppendOnly(Exception):
    """Audit entries cannot be changed or deleted through the application."""


class AuditEntry(models.Model):
    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="+")
    # PROTECT: a login with entries is deactivated, never deleted (the admin refuses).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    # Who the actor was when they acted: a later change of name or email leaves the entry as is.
    actor_name = models.CharField(max_length=150, blank=True)
    actor_email = models.CharField(max_length=254, blank=True)
    # The patient's id and name are kept as plain values so an entry outlives the record.
    patient_id = models.BigIntegerField(null=True, db_index=True)
    patient_name = models.CharField(max_length=210, blank=True)
    action = models.CharField(max_length=10, choices=AuditAction.choices)
    subject = models.CharField(
        max_length=60, help_text="What kind of record, e.g. patient, pain_map."
    )
    subject_id = models.CharField(max_length=40, blank=True)
    detail = models.CharField(max_length=500, blank=True)
    # A change: {"field": {"old": ..., "new": ...}} for each field that changed.
    changes = models.JSONField(default=dict, blank=True)
    # A list read: [[patient id, name], ...] of every patient shown, in the order shown.
    patients = models.JSONField(default=list, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(db_index=True)
    seq = models.PositiveBigIntegerField(unique=True, help_text="Place in the hash chain.")
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label}: {self.action} {self.subject}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnly("audit entries are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnly("audit entries are never deleted")

    @property
    def actor_label(self) -> str:
        """The actor as they were named when they acted; an operator at the command line or
        the system (a background task) when no login acted."""
        if self.actor_email:
            return self.actor_email
        return "operator or system" if self.actor_id is None else str(self.actor_id)

    @property
    def what(self) -> str:
        """The action and the kind of record in words, e.g. "Created check in answer"."""
        action = self.get_action_display()
        subject = self.subject.replace("_", " ")
        # A gate decision's subject is always "gate", which the action already says.
        if self.action == AuditAction.GATE and self.subject == "gate":
            return action
        return f"{action} {subject}"


class AuditChainHead(models.Model):
    """The one row (pk 1) naming the chain's last entry; locked by every writer of an entry.

    Entries from `keyed_from` on are keyed (HMAC) hashes; `mac` is the head's own HMAC over its
    count, last hash and `keyed_from` (`chain.py`)."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)
    keyed_from = models.PositiveBigIntegerField(default=1)
    mac = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"audit chain at {self.seq}"
