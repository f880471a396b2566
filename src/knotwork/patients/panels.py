"""Sections of the patient page contributed by other apps (pain maps, intake, finder, courses).

Each provider is `provider(request, patient) -> Panel | None`. The patient page (staff) and the
patient's own page render the panels in this order; an app adds its provider to the lists below.

The panels share one loaded patient: before any panel runs, the page prefetches onto it every
relation the panels read (each app's `prefetch()` names its own, listed in `*_PREFETCH`), so two
panels reading the clearances or the latest pain maps cost one query between them, and no panel
reads a relation another has loaded (tests/web/test_queries_per_page.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, prefetch_related_objects
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from knotwork.clinics.models import Clinic
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
    "knotwork.reports.panels.staff_panel",
    "knotwork.interop.panels.staff_export_panel",
]
# Dotted paths of `prefetch() -> list[str | Prefetch]`: what the staff panels read of the patient.
STAFF_PREFETCH: list[str] = [
    "knotwork.intake.panels.prefetch",
    "knotwork.painmaps.panels.prefetch",
]
# Dotted paths of providers for the patient's own page, in display order.
PATIENT_PANELS: list[str] = [
    "knotwork.intake.panels.patient_todo_panel",
    "knotwork.courses.panels.patient_panel",
    "knotwork.painmaps.panels.patient_panel",
    "knotwork.reports.panels.patient_panel",
    "knotwork.interop.panels.patient_record_panel",
]


PATIENT_PREFETCH: list[str] = [
    "knotwork.intake.panels.prefetch",
    "knotwork.painmaps.panels.prefetch",
]


def load(paths: list[str], patient: Patient) -> None:
    """Prefetch onto `patient`, in one query each, every relation the panels named read."""
    lookups: list[str | Prefetch[Any, Any, Any]] = []
    for path in paths:
        provider: Callable[[], list[str | Prefetch[Any, Any, Any]]] = import_string(path)
        lookups.extend(provider())
    prefetch_related_objects([patient], *lookups)


def collect(paths: list[str], request: AuthenticatedRequest, patient: Patient) -> list[Panel]:
    panels = []
    for path in paths:
        provider: Callable[[AuthenticatedRequest, Patient], Panel | None] = import_string(path)
        panel = provider(request, patient)
        if panel is not None:
            panels.append(panel)
    return panels


@dataclass(frozen=True)
class Attention:
    """One open item of "Needs attention now": what, about whom, and where it is resolved.

    `alert_id` is set for an alert that is resolved by marking it seen (the dashboard offers
    the button); other items leave the list once their page records what they wait for.
    """

    when: datetime
    kind: str
    patient_name: str
    message: str
    link: str
    alert_id: int | None = None


# Dotted paths of the providers of the dashboard's "Needs attention now".
ATTENTION_PROVIDERS: list[str] = [
    "knotwork.intake.panels.clinic_attention",
    "knotwork.courses.panels.clinic_attention",
]


def collect_attention(request: AuthenticatedRequest, clinic: Clinic) -> list[Attention]:
    """Every open item of the clinic, newest first."""
    items: list[Attention] = []
    for path in ATTENTION_PROVIDERS:
        provider: Callable[[AuthenticatedRequest, Clinic], list[Attention]] = import_string(path)
        items.extend(provider(request, clinic))
    return sorted(items, key=lambda item: item.when, reverse=True)
