"""Sections of the patient page contributed by other apps (pain maps, intake, finder, courses).

Each provider is `provider(request, patient) -> Panel | None`. The patient page (staff) and the
patient's own page render the panels in this order; an app adds its provider to the lists below.

The panels rendered with the page share one loaded patient: before any of them runs, the page
prefetches onto it every relation they read (each app's `prefetch()` names its own, listed in
`*_PREFETCH`), so two panels reading the clearances cost one query between them, and no panel
reads a relation another has loaded (tests/web/test_queries_per_page.py).

A staff panel listed as `Lazy` is not rendered with the page: the page shows its heading and a
link in its place, and htmx fetches it from its own URL (`patient_panel`) once the page is shown,
so the details and the safety gate paint first and the heavier panels (charts, course progress,
documents) follow. The fragment names what it reads in its own `prefetch`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, prefetch_related_objects
from django.urls import reverse
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


@dataclass(frozen=True)
class Lazy:
    """A staff panel loaded after the page's first paint, from /patients/<id>/panels/<slug>/.

    `title` is the heading its place shows while it loads (and the fallback link's words),
    `prefetch` the dotted paths of the `prefetch()` functions whose relations it reads, `wide`
    the width it takes in the page's grid (known before it is rendered).
    """

    slug: str
    provider: str
    title: str
    prefetch: tuple[str, ...] = ()
    wide: bool = False


# Providers for the staff patient page, in display order: a dotted path is rendered with the
# page (the safety gate must never wait), a `Lazy` one is fetched once the page is shown.
STAFF_PANELS: list[str | Lazy] = [
    "knotwork.intake.panels.staff_safety_panel",
    Lazy(
        "pain-map",
        "knotwork.painmaps.panels.staff_panel",
        "Pain map",
        prefetch=("knotwork.painmaps.panels.prefetch",),
    ),
    Lazy(
        "outcomes",
        "knotwork.intake.panels.staff_outcomes_panel",
        "Questionnaires and outcomes",
        wide=True,
    ),
    Lazy("course", "knotwork.courses.panels.staff_panel", "Treatment course"),
    Lazy(
        "finder",
        "knotwork.finder.panels.patient_panel",
        "Trigger points to examine",
        prefetch=("knotwork.painmaps.panels.prefetch",),
        wide=True,
    ),
    Lazy("live", "knotwork.live.panels.patient_panel", "Live feedback"),
    Lazy(
        "documents",
        "knotwork.reports.panels.staff_panel",
        "Documents",
        prefetch=("knotwork.intake.panels.prefetch",),
        wide=True,
    ),
    "knotwork.interop.panels.staff_export_panel",
]
# Dotted paths of `prefetch() -> list[str | Prefetch]`: what the staff panels rendered with the
# page read of the patient.
STAFF_PREFETCH: list[str] = [
    "knotwork.intake.panels.prefetch",
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


def load(paths: Sequence[str], patient: Patient) -> None:
    """Prefetch onto `patient`, in one query each, every relation the panels named read."""
    lookups: list[str | Prefetch[Any, Any, Any]] = []
    for path in paths:
        provider: Callable[[], list[str | Prefetch[Any, Any, Any]]] = import_string(path)
        lookups.extend(provider())
    prefetch_related_objects([patient], *lookups)


def collect(
    paths: Sequence[str | Lazy], request: AuthenticatedRequest, patient: Patient
) -> list[Panel]:
    """The page's panels: each rendered one's, and a loading place for each `Lazy` one."""
    panels = []
    for path in paths:
        if isinstance(path, Lazy):
            panels.append(_placeholder(path, patient))
            continue
        panel = render_panel(path, request, patient)
        if panel is not None:
            panels.append(panel)
    return panels


def render_panel(path: str, request: AuthenticatedRequest, patient: Patient) -> Panel | None:
    provider: Callable[[AuthenticatedRequest, Patient], Panel | None] = import_string(path)
    return provider(request, patient)


def lazy_panel(paths: Sequence[str | Lazy], slug: str) -> Lazy | None:
    """The `Lazy` panel of that slug, if the list has one."""
    return next((p for p in paths if isinstance(p, Lazy) and p.slug == slug), None)


def _placeholder(spec: Lazy, patient: Patient) -> Panel:
    url = reverse("patient_panel", kwargs={"patient_id": patient.pk, "panel": spec.slug})
    return Panel("patients/_lazy_panel.html", {"url": url, "title": spec.title}, wide=spec.wide)


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
