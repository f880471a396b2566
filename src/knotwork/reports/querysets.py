"""Scoped reads of reports: 404 outside the user's clinics; the patient reads only what was made
for them to take home (handouts, pain-map prints), not the letters to their physician."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from knotwork.reports.models import Report

if TYPE_CHECKING:
    from knotwork.accounts.models import User
    from knotwork.patients.models import Patient


def get_report_for_staff(user: User, report_id: int | str) -> Report:
    return Report.objects.select_related(
        "patient__clinic", "course", "session", "created_by"
    ).get_for_user_or_404(user, report_id, staff_only=True, what="report")


def get_report_for_user(user: User, report_id: int | str) -> Report:
    """A report of the user's clinics, or one made for the patient themself to take home."""
    report = Report.objects.select_related(
        "patient__clinic", "course", "session", "created_by"
    ).get_for_user_or_404(user, report_id, what="report")
    # The patient's letters to their physician are the clinic's, like the pages they come from.
    own_letter = report.patient.user_id == user.pk and not report.for_patient
    if (
        own_letter
        and not Report.objects.restrict(user, staff_only=True).filter(pk=report.pk).exists()
    ):
        raise Http404("No such report.")
    return report


def same_print(patient: Patient, pain_map_ids: list[int]) -> Report | None:
    """A print of exactly these maps, already made (maps never change, so it still holds)."""
    for report in Report.objects.filter(patient=patient, kind="pain_map", status="done"):
        if report.pain_maps == pain_map_ids and report.file:
            return report
    return None
