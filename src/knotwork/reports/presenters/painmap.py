"""The pain-map print: one map, or two compared (the earlier first), each with the legend."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from knotwork.domain import anatomy
from knotwork.domain.painmap.metrics import compare
from knotwork.reports.presenters.common import letterhead, printed_map

if TYPE_CHECKING:
    from knotwork.patients.models import Patient


def pain_map_context(patient: Patient, pain_map_ids: list[int]) -> dict[str, Any]:
    records = list(
        patient.pain_maps.prefetch_related("marks")
        .filter(pk__in=pain_map_ids)
        .order_by("drawn_at", "id")
    )
    if not records:
        raise ValueError("The pain maps of this print are gone.")
    width = 460 if len(records) == 1 else 330
    maps = [
        printed_map(
            r,
            "Earlier" if i == 0 and len(records) == 2 else "Later" if i else "Pain map",
            width=width,
        )
        for i, r in enumerate(records)
    ]
    title = "Pain map" if len(maps) == 1 else "Pain maps compared"
    context = letterhead(patient, title)
    change = None
    if len(maps) == 2 and not maps[0].view.no_pain and not maps[1].view.no_pain:
        found = compare(maps[0].view.pain_map, maps[1].view.pain_map)
        change = {
            "added": [anatomy.region(r).full_label for r in found.added],
            "resolved": [anatomy.region(r).full_label for r in found.resolved],
            "extent_change": found.extent_change_percent,
            "worst_change": found.max_intensity_change,
            "overlap": round(found.jaccard * 100),
        }
    context.update({"maps": maps, "change": change})
    return context
