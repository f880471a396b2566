"""Writing audit entries. Call inside the transaction of the change being audited."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

from knotwork.audit.models import AuditAction, AuditEntry

if TYPE_CHECKING:
    from knotwork.accounts.models import User
    from knotwork.common.requests import AuthenticatedRequest
    from knotwork.patients.models import Patient


def client_address(request: HttpRequest | None) -> str | None:
    """The address the request came from. Proxy headers are ignored: they can be forged."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    *,
    actor: User | None,
    patient: Patient,
    action: AuditAction,
    subject: str,
    subject_id: object = "",
    detail: str = "",
    request: HttpRequest | None = None,
) -> AuditEntry:
    """One entry: who did what to which patient's data, when, and from which address."""
    return AuditEntry.objects.create(
        clinic_id=patient.clinic_id,
        actor=actor if actor is not None and actor.is_authenticated else None,
        patient_id=patient.pk,
        patient_name=patient.full_name,
        action=action,
        subject=subject,
        subject_id=str(subject_id),
        detail=detail[:500],
        ip_address=client_address(request),
    )


def record_read(
    request: AuthenticatedRequest,
    patient: Patient,
    subject: str = "patient",
    subject_id: object = "",
) -> None:
    """A read of a patient's record; its own short transaction is enough (nothing else changes)."""
    record(
        actor=request.user,
        patient=patient,
        action=AuditAction.READ,
        subject=subject,
        subject_id=subject_id or patient.pk,
        request=request,
    )
