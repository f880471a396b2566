"""Writing audit entries. Call inside the transaction of the change being audited."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

from knotwork.audit.models import AuditAction, AuditEntry
from knotwork.common.addresses import client_address

if TYPE_CHECKING:
    from knotwork.accounts.models import User
    from knotwork.clinics.models import Clinic
    from knotwork.common.requests import AuthenticatedRequest
    from knotwork.patients.models import Patient


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
        detail=_with_token(detail, request)[:500],
        ip_address=client_address(request),
    )


def record_event(
    *,
    actor: User | None,
    clinic: Clinic,
    action: AuditAction,
    subject: str,
    subject_id: object = "",
    detail: str = "",
    request: HttpRequest | None = None,
) -> AuditEntry:
    """One clinic-wide entry that concerns no patient: an API token made, used or revoked, the
    clinic's two-factor rule changed. `actor` None means an operator at the command line."""
    return AuditEntry.objects.create(
        clinic_id=clinic.pk,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        subject=subject,
        subject_id=str(subject_id),
        detail=detail[:500],
        ip_address=client_address(request),
    )


def _with_token(detail: str, request: HttpRequest | None) -> str:
    """A change or read made through an API token names the token, so the trail says which
    script (not only whose) did it."""
    # django-ninja keeps what authenticated an API request as `request.auth`; an API token
    # names itself (accounts' ApiToken.audit_name), the web session does not.
    name = getattr(getattr(request, "auth", None), "audit_name", None)
    if not isinstance(name, str):
        return detail
    through = f"through {name}"
    return f"{detail} ({through})" if detail else through


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
