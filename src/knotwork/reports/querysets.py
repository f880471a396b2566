"""Scoped reads of reports: 404 outside the user's clinics; the patient reads only what was made
for them to take home (handouts, pain-map prints), not the letters to their physician."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from knotwork.clinics.querysets import is_staff_of
from knotwork.reports.models import Report

if TYPE_CHECKING:
    from knotwork.accounts.models import User
    from knotwork.courses.models import TreatmentSession
    from knotwork.patients.models import Patient


def _pk(value: int | str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404("No such report.") from None


def get_report_for_user(user: User, report_id: int | str) -> Report:
    report = (
        Report.objects.for_user(user)
        .select_related("patient__clinic", "course", "session", "created_by")
        .filter(pk=_pk(report_id))
        .first()
    )
    if report is None:
        raise Http404("No such report.")
    if is_staff_of(user, report.patient.clinic_id):
        return report
    if report.patient.user_id == user.pk and report.for_patient:
        return report
    raise Http404("No such report.")


def get_report_for_staff(user: User, report_id: int | str) -> Report:
    report = get_report_for_user(user, report_id)
    if not is_staff_of(user, report.patient.clinic_id):
        raise Http404("No such report.")
    return report


def current_handout(session: TreatmentSession) -> Report | None:
    """The session's handout made after its record last changed (signing, an amendment)."""
    changed = [m for m in (session.held_at, session.signed_at) if m is not None]
    amended = session.amendments.order_by("-amended_at").values_list("amended_at", flat=True)
    changed.extend(amended[:1])
    found = Report.objects.filter(session=session, kind="home_care", status="done").exclude(file="")
    if changed:
        found = found.filter(created_at__gt=max(changed))
    return found.order_by("-created_at", "-id").first()


def same_print(patient: Patient, pain_map_ids: list[int]) -> Report | None:
    """A print of exactly these maps, already made (maps never change, so it still holds)."""
    for report in Report.objects.filter(patient=patient, kind="pain_map", status="done"):
        if report.pain_maps == pain_map_ids and report.file:
            return report
    return None
