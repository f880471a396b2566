"""Scoped reads of memberships: the clinic a request acts in, the user's role in it.

Anything outside the user's clinics answers 404, so a user of clinic B cannot even learn that a
record of clinic A exists. A patient's record is fetched with `knotwork.patients.querysets`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.http import Http404

from knotwork.audit.models import AuditEntry
from knotwork.clinics.models import Clinic, Membership, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from knotwork.accounts.models import User
    from knotwork.common.requests import KnotworkRequest

CURRENT_CLINIC_KEY = "knotwork_clinic_id"


def memberships(user: User | AnonymousUser) -> list[Membership]:
    if not user.is_authenticated:
        return []
    return list(user.memberships.filter(is_active=True).select_related("clinic"))


def current_membership(request: KnotworkRequest) -> Membership | None:
    """The staff role the user is acting in: the clinic chosen in this session, else the first.

    Looked up once per request (`knotwork.clinics.middleware.ClinicChoice`).
    """
    return request.clinic_choice.membership


def current_clinic(request: KnotworkRequest) -> Clinic:
    membership = current_membership(request)
    if membership is None:
        raise Http404("You are not a member of a clinic.")
    return membership.clinic


def require_admin(request: KnotworkRequest) -> Membership:
    """The admin membership of the current clinic; 404 for anybody else."""
    membership = current_membership(request)
    if membership is None or membership.role != Role.ADMIN:
        raise Http404("Only clinic admins can open this page.")
    return membership


def is_staff_of(request: KnotworkRequest, clinic_id: int) -> bool:
    """Whether the request's user is active staff of this clinic: a question about the viewer
    of a record already read through a scoped read, answered from the memberships the request
    looked up once (`request.clinic_choice`), so it costs no query of its own."""
    return any(m.clinic_id == clinic_id for m in request.clinic_choice.memberships)


def audit_entries(clinic: Clinic, filters: Mapping[str, Any] | None = None) -> QuerySet[AuditEntry]:
    """The clinic's audit trail, newest first, filtered as the audit page's form says: a
    patient's name matches the entries about them and the lists that showed them."""
    entries = AuditEntry.objects.filter(clinic=clinic).select_related("actor")
    data = filters or {}
    if data.get("patient"):
        shown = Cast("patients", TextField())
        entries = entries.annotate(shown=shown).filter(
            Q(patient_name__icontains=data["patient"]) | Q(shown__icontains=data["patient"])
        )
    if data.get("actor"):
        entries = entries.filter(actor_email__icontains=data["actor"])
    if data.get("action"):
        entries = entries.filter(action=data["action"])
    if data.get("since"):
        entries = entries.filter(at__date__gte=data["since"])
    if data.get("until"):
        entries = entries.filter(at__date__lt=data["until"] + timedelta(days=1))
    return entries
