"""Scoped reads of palpation findings (the caller has scoped the patient)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from knotwork.finder.models import PalpationFinding

if TYPE_CHECKING:
    from knotwork.patients.models import Patient


def findings_of(patient: Patient) -> list[PalpationFinding]:
    """All the patient's findings, newest first (the caller has already scoped the patient):
    the candidates page marks each trigger point with its latest finding and lists the earlier
    ones, so none may be left out."""
    return list(patient.palpation_findings.select_related("examined_by"))


def latest_by_trigger_point(
    findings: list[PalpationFinding],
) -> dict[tuple[str, str, str], PalpationFinding]:
    """The newest finding per (muscle, trigger point, side), from a newest-first list."""
    latest: dict[tuple[str, str, str], PalpationFinding] = {}
    for finding in findings:
        latest.setdefault((finding.muscle, finding.trigger_point, finding.side), finding)
    return latest
