"""The finder's section of the staff patient page: pain maps to rank and recent findings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from knotwork.common.requests import AuthenticatedRequest
from knotwork.finder.querysets import findings_of
from knotwork.painmaps.querysets import recent_pain_maps
from knotwork.patients.panels import Panel

if TYPE_CHECKING:
    from knotwork.patients.models import Patient

MAPS_SHOWN = 5
FINDINGS_SHOWN = 8


def patient_panel(request: AuthenticatedRequest, patient: Patient) -> Panel | None:
    """Links to each recent pain map's trigger points to examine, and the latest palpations.

    The patient page has already scoped the patient to the user's clinic and audited the read.
    """
    pain_maps = recent_pain_maps(patient)[:MAPS_SHOWN]
    maps = [(p, sum(1 for m in p.marks.all() if m.intensity > 0)) for p in pain_maps]
    return Panel(
        "finder/_panel.html",
        {"maps": maps, "findings": findings_of(patient)[:FINDINGS_SHOWN]},
        wide=True,
    )
