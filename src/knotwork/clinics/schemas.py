"""Schemas of the clinic API: who am I, and audit entries."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Schema


class MembershipOut(Schema):
    clinic_id: int
    clinic: str
    role: str


class MeOut(Schema):
    email: str
    display_name: str
    memberships: list[MembershipOut]
    patient_id: int | None


class AuditEntryOut(Schema):
    seq: int
    at: datetime
    actor: str | None
    actor_name: str
    patient_id: int | None
    patient_name: str
    action: str
    subject: str
    subject_id: str
    detail: str
    # Each changed field's old and new value: {"field": {"old": ..., "new": ...}}.
    changes: dict[str, dict[str, Any]]
    # A list read: [[patient id, name], ...] of the patients shown.
    patients: list[list[Any]]
    ip_address: str | None
    hash: str
