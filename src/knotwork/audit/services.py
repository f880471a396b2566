"""Writing audit entries. Call inside the transaction of the change being audited."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import models
from django.http import HttpRequest
from django.utils import timezone

from knotwork.audit.chain import append
from knotwork.audit.models import AuditAction, AuditEntry
from knotwork.common.addresses import client_address

if TYPE_CHECKING:
    from knotwork.accounts.models import User
    from knotwork.clinics.models import Clinic
    from knotwork.common.requests import AuthenticatedRequest
    from knotwork.patients.models import Patient

Changes = dict[str, dict[str, Any]]


def record(
    *,
    actor: User | None,
    patient: Patient,
    action: AuditAction,
    subject: str,
    subject_id: object = "",
    detail: str = "",
    changes: Changes | None = None,
    request: HttpRequest | None = None,
) -> AuditEntry:
    """One entry: who did what to which patient's data (for a change, each field's old and new
    value), when, and from which address."""
    return _write(
        AuditEntry(
            clinic_id=patient.clinic_id,
            patient_id=patient.pk,
            patient_name=patient.full_name,
            action=action,
            subject=subject,
            subject_id=str(subject_id),
            detail=_with_token(detail, request)[:500],
            changes=changes or {},
        ),
        actor,
        request,
    )


def record_event(
    *,
    actor: User | None,
    clinic: Clinic,
    action: AuditAction,
    subject: str,
    subject_id: object = "",
    detail: str = "",
    changes: Changes | None = None,
    request: HttpRequest | None = None,
) -> AuditEntry:
    """One clinic-wide entry that concerns no single patient: an API token made, used or
    revoked, a membership, an invitation or a setting changed. `actor` None means an operator at
    the command line."""
    return _write(
        AuditEntry(
            clinic_id=clinic.pk,
            action=action,
            subject=subject,
            subject_id=str(subject_id),
            detail=_with_token(detail, request)[:500],
            changes=changes or {},
        ),
        actor,
        request,
    )


def record_list(
    request: HttpRequest | None,
    *,
    actor: User | None,
    clinic: Clinic | None,
    patients: Iterable[Patient],
    subject: str,
    detail: str = "",
) -> list[AuditEntry]:
    """One entry for a list of patients shown at once (the dashboard, search results, an API
    list, a calendar feed, an export): how many and which, in the order shown. A list that spans
    clinics is one entry per clinic, so each clinic's trail says what of its patients was shown;
    an empty list is one entry in `clinic` (nothing when there is none)."""
    by_clinic: dict[int, list[list[Any]]] = {}
    if clinic is not None:
        by_clinic[clinic.pk] = []
    for patient in patients:
        by_clinic.setdefault(patient.clinic_id, []).append([patient.pk, patient.full_name])
    entries = []
    for clinic_id, shown in by_clinic.items():
        words = f"{len(shown)} patient{'' if len(shown) == 1 else 's'} shown"
        entry = AuditEntry(
            clinic_id=clinic_id,
            action=AuditAction.READ,
            subject=subject,
            detail=_with_token(f"{words}: {detail}" if detail else words, request)[:500],
            patients=shown,
        )
        entries.append(_write(entry, actor, request))
    return entries


def _write(entry: AuditEntry, actor: User | None, request: HttpRequest | None) -> AuditEntry:
    if actor is not None and actor.is_authenticated:
        entry.actor = actor
        entry.actor_name = str(actor.display_name)[:150]
        entry.actor_email = actor.email
    entry.ip_address = client_address(request)
    entry.at = timezone.now()
    return append(entry)


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


def plain(value: Any) -> Any:
    """A field's value as the trail keeps it (JSON): dates as ISO text, records by their id."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> Changes:
    """{"field": {"old": ..., "new": ...}} for each field whose value differs."""
    changes: Changes = {}
    for name in sorted(set(before) | set(after)):
        old, new = plain(before.get(name)), plain(after.get(name))
        if old != new:
            changes[name] = {"old": old, "new": new}
    return changes


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The values of `fields` of a model instance, for `diff` before and after a change."""
    return {name: plain(getattr(instance, name)) for name in fields}


def changed_words(changes: Changes) -> str:
    """ "changed phone, email": the fields of a change in words, for the entry's detail."""
    return "changed " + ", ".join(name.replace("_", " ") for name in changes)
