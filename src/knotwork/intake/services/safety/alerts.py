"""The clinic's alerts on the dashboard, and the emergency mail to the clinic's admins."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from knotwork.audit.models import AuditAction
from knotwork.audit.services import record
from knotwork.clinics.models import Membership, Role
from knotwork.common.links import absolute_url
from knotwork.intake.models import ClinicAlert
from knotwork.intake.models.safety import AlertKind
from knotwork.outbox.services import queue_mail

if TYPE_CHECKING:
    from knotwork.accounts.models import User
    from knotwork.patients.models import Patient


def _owe_admins_mail(patient: Patient) -> None:
    admins = Membership.objects.filter(clinic_id=patient.clinic_id, role=Role.ADMIN, is_active=True)
    name, path = patient.full_name, absolute_url("patient_detail", patient_id=patient.pk)
    # The mail names the patient and where to look, but no clinical detail: mail is not the record.
    queue_mail(
        about="emergency",
        subject=f"Knotwork: emergency answer from {name}",
        body=(
            f"{name} gave an emergency answer in a red-flag screen and was told to seek "
            f"emergency care now.\n\nOpen the patient's page in Knotwork to follow up: {path}\n"
        ),
        to=[m.user.email for m in admins.select_related("user")],
    )


@transaction.atomic
def raise_clinic_alert(
    *, patient: Patient, kind: AlertKind, message: str, link: str = ""
) -> ClinicAlert:
    """An alert on the dashboard's "Needs attention now" until a staff member marks it seen.

    `link` is the page where it is resolved (the patient's page when empty). Audited.
    """
    alert = ClinicAlert.objects.create(
        clinic_id=patient.clinic_id, patient=patient, kind=kind, message=message, link=link
    )
    record(
        actor=None,
        patient=patient,
        action=AuditAction.CREATE,
        subject="clinic_alert",
        subject_id=alert.pk,
        detail=f"{kind.value} alert raised",
    )
    return alert


def raise_emergency_alert(*, patient: Patient, source: str) -> ClinicAlert:
    """A visible alert for the clinic and a mail to the clinic's admins, owed in the same
    transaction (sent once it committed, resent by the sweep if that send was lost)."""
    alert = ClinicAlert.objects.create(
        clinic_id=patient.clinic_id,
        patient=patient,
        kind=AlertKind.EMERGENCY,
        message=(
            f"{patient.full_name} gave an emergency answer in the {source} and was told to seek "
            "emergency care now. Contact the patient."
        ),
    )
    _owe_admins_mail(patient)
    return alert


@transaction.atomic
def acknowledge_alert(
    *, actor: User, alert: ClinicAlert, request: HttpRequest | None = None
) -> ClinicAlert:
    """Mark an alert as seen; it leaves the dashboard but stays on record."""
    if alert.acknowledged_at is None:
        alert.acknowledged_at = timezone.now()
        alert.acknowledged_by = actor
        alert.save(update_fields=["acknowledged_at", "acknowledged_by"])
        record(
            actor=actor,
            patient=alert.patient,
            action=AuditAction.CHANGE,
            subject="clinic_alert",
            subject_id=alert.pk,
            detail="alert acknowledged",
            request=request,
        )
    return alert
