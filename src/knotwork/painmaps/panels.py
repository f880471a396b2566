"""The pain-map sections of the patient pages."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.utils.safestring import mark_safe

from knotwork.common.requests import AuthenticatedRequest
from knotwork.painmaps.presenters import map_view
from knotwork.painmaps.querysets import recent_pain_maps, recent_pain_maps_prefetch
from knotwork.patients.models import Patient
from knotwork.patients.panels import Panel


def prefetch() -> list[Prefetch[Any, Any, Any]]:
    """The latest maps, which this panel and the finder's both show (patients/panels.py)."""
    return [recent_pain_maps_prefetch()]


def _latest_context(patient: Patient) -> dict[str, object]:
    latest = next(iter(recent_pain_maps(patient)), None)
    view = map_view(latest, width=300) if latest else None
    return {
        "patient": patient,
        "latest": view,
        "svg": mark_safe(view.svg) if view else "",
        "count": patient.pain_maps.count(),
    }


def staff_panel(request: AuthenticatedRequest, patient: Patient) -> Panel:
    return Panel("painmaps/_staff_panel.html", _latest_context(patient))


def patient_panel(request: AuthenticatedRequest, patient: Patient) -> Panel:
    return Panel("painmaps/_patient_panel.html", _latest_context(patient))
