"""Sections of the patient page contributed by other apps (pain maps, intake, finder, courses).

Each provider is `provider(request, patient) -> Panel | None`. The patient page (staff) and the
patient's own page render the panels in this order; an app adds its provider to the lists below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from knotwork.common.requests import AuthenticatedRequest
    from knotwork.patients.models import Patient


@dataclass
class Panel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    wide: bool = False


# Dotted paths of providers for the staff patient page, in display order.
STAFF_PANELS: list[str] = [
    "knotwork.intake.panels.staff_safety_panel",
    "knotwork.painmaps.panels.staff_panel",
    "knotwork.intake.panels.staff_outcomes_panel",
    "knotwork.courses.panels.staff_panel",
    "knotwork.finder.panels.patient_panel",
    "knotwork.live.panels.patient_panel",
    "knotwork.interop.panels.staff_export_panel",
]
# Dotted paths of providers for the patient's own page, in display order.
PATIENT_PANELS: list[str] = [
    "knotwork.intake.panels.patient_todo_panel",
    "knotwork.courses.panels.patient_panel",
    "knotwork.painmaps.panels.patient_panel",
    "knotwork.interop.panels.patient_record_panel",
]


def collect(paths: list[str], request: AuthenticatedRequest, patient: Patient) -> list[Panel]:
    panels = []
    for path in paths:
        provider: Callable[[AuthenticatedRequest, Patient], Panel | None] = import_string(path)
        panel = provider(request, patient)
        if panel is not None:
            panels.append(panel)
    return panels
