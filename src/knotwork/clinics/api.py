"""API: who am I, and the clinic's audit trail (admins)."""

from __future__ import annotations

from ninja import Router
from ninja.pagination import paginate

from knotwork.audit.models import AuditEntry
from knotwork.clinics.querysets import memberships, require_admin
from knotwork.clinics.schemas import AuditEntryOut, MembershipOut, MeOut
from knotwork.common.errors import responses
from knotwork.common.pagination import Page, Paged, paged
from knotwork.common.requests import AuthenticatedRequest

router = Router(tags=["clinic"])


@router.get("/me", response=responses(MeOut), summary="The logged-in user and their roles")
def me(request: AuthenticatedRequest) -> MeOut:
    user = request.user
    record = getattr(user, "patient_record", None)
    return MeOut(
        email=user.email,
        display_name=user.display_name,
        memberships=[
            MembershipOut(clinic_id=m.clinic_id, clinic=m.clinic.name, role=m.role)
            for m in memberships(user)
        ],
        patient_id=record.pk if record else None,
    )


def _entry_out(e: AuditEntry) -> AuditEntryOut:
    return AuditEntryOut(
        seq=e.seq,
        at=e.at,
        actor=e.actor_email or None,
        actor_name=e.actor_name,
        patient_id=e.patient_id,
        patient_name=e.patient_name,
        action=e.action,
        subject=e.subject,
        subject_id=e.subject_id,
        detail=e.detail,
        changes=e.changes,
        patients=e.patients,
        ip_address=e.ip_address,
        hash=e.hash,
    )


@router.get(
    "/audit",
    response=responses(list[AuditEntryOut]),
    summary="Audit trail of the current clinic (admins)",
)
@paginate(Page)
def audit(
    request: AuthenticatedRequest,
    patient_id: int | None = None,
    action: str | None = None,
) -> Paged[AuditEntry, AuditEntryOut]:
    admin = require_admin(request)
    entries = AuditEntry.objects.filter(clinic=admin.clinic).select_related("actor")
    if patient_id is not None:
        entries = entries.filter(patient_id=patient_id)
    if action:
        entries = entries.filter(action=action)
    return paged(entries, _entry_out)
