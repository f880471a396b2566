"""Schemas of the clinic API: who am I, and audit entries."""

from __future__ import annotations

from datetime import datetime

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
    at: datetime
    actor: str | None
    patient_id: int | None
    patient_name: str
    action: str
    subject: str
    subject_id: str
    detail: str
    ip_address: str | None
