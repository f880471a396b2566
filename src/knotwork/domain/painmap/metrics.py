"""Metrics of one pain map and comparisons between two maps: pure functions over `PainMap`.

Conventions used by every function here:
- A region is *painful* when its mark has intensity above 0; a 0 mark records "checked, no pain"
  and counts as not painful.
- *Body surface* is the drawn area of the body map: the front figure's area plus the back
  figure's (`knotwork.domain.bodymap.geometry.total_area`). A region's area is its shape's area
  summed over the figures that show it (the hands appear on both). Inner regions (teeth, mouth,
  pelvic floor) have no shape, so they add nothing to extent: they are counted as regions and
  in intensities, but with zero area.
"""

from __future__ import annotations

from dataclasses import dataclass

from knotwork.domain import anatomy
from knotwork.domain.anatomy import PAIN_TYPES, PainType
from knotwork.domain.bodymap import geometry
from knotwork.domain.painmap import MAX_INTENSITY, PainMap


def region_count(pain_map: PainMap) -> int:
    """Number of painful regions (intensity above 0)."""
    return len(pain_map.painful)


def painful_area(pain_map: PainMap) -> float:
    """Drawn area of the painful regions in figure units; inner regions add zero."""
    return sum(geometry.area(region_id) for region_id in pain_map.painful)


def extent_percent(pain_map: PainMap) -> float:
    """Pain extent: painful regions' area as a percentage of the body surface (both figures)."""
    return 100 * painful_area(pain_map) / geometry.total_area()


def mean_intensity(pain_map: PainMap) -> float | None:
    """Mean intensity over the painful regions; None when nothing hurts."""
    painful = pain_map.painful
    if not painful:
        return None
    return sum(painful.values()) / len(painful)


def max_intensity(pain_map: PainMap) -> int:
    """The highest intensity marked; 0 when nothing hurts."""
    return max(pain_map.painful.values(), default=0)


def weighted_extent_percent(pain_map: PainMap) -> float:
    """Intensity-weighted extent: sum of area x intensity/10 over the body surface, in percent.

    100 would mean the whole body at 10/10; a region at 5/10 counts half its area.
    """
    weighted = sum(
        geometry.area(region_id) * intensity / MAX_INTENSITY
        for region_id, intensity in pain_map.painful.items()
    )
    return 100 * weighted / geometry.total_area()


@dataclass(frozen=True, slots=True)
class MapMetrics:
    """The headline numbers of one pain map."""

    region_count: int
    extent_percent: float
    mean_intensity: float | None
    max_intensity: int
    weighted_extent_percent: float


def summarize(pain_map: PainMap) -> MapMetrics:
    """All single-map metrics at once."""
    return MapMetrics(
        region_count=region_count(pain_map),
        extent_percent=extent_percent(pain_map),
        mean_intensity=mean_intensity(pain_map),
        max_intensity=max_intensity(pain_map),
        weighted_extent_percent=weighted_extent_percent(pain_map),
    )


def jaccard(before: PainMap, after: PainMap) -> float:
    """Jaccard similarity of the painful-region sets: shared / either; 1.0 when both are empty."""
    a, b = set(before.painful), set(after.painful)
    union = a | b
    if not union:
        return 1.0
    return len(a & b) / len(union)


def regions_added(before: PainMap, after: PainMap) -> list[str]:
    """Regions painful in `after` but not in `before`, in atlas order."""
    return _in_atlas_order(set(after.painful) - set(before.painful))


def regions_resolved(before: PainMap, after: PainMap) -> list[str]:
    """Regions painful in `before` and no longer painful in `after`, in atlas order."""
    return _in_atlas_order(set(before.painful) - set(after.painful))


def intensity_change(before: PainMap, after: PainMap) -> dict[str, int]:
    """Per region painful in either map: after minus before, an unmarked region counting as 0."""
    a, b = before.painful, after.painful
    return {
        region_id: b.get(region_id, 0) - a.get(region_id, 0)
        for region_id in _in_atlas_order(set(a) | set(b))
    }


@dataclass(frozen=True, slots=True)
class MapComparison:
    """How a later pain map differs from an earlier one."""

    jaccard: float
    added: tuple[str, ...]
    resolved: tuple[str, ...]
    intensity_change: dict[str, int]
    extent_change_percent: float
    max_intensity_change: int


def compare(before: PainMap, after: PainMap) -> MapComparison:
    """All two-map metrics at once (percentages are percentage points of body surface)."""
    return MapComparison(
        jaccard=jaccard(before, after),
        added=tuple(regions_added(before, after)),
        resolved=tuple(regions_resolved(before, after)),
        intensity_change=intensity_change(before, after),
        extent_change_percent=extent_percent(after) - extent_percent(before),
        max_intensity_change=max_intensity(after) - max_intensity(before),
    )


@dataclass(frozen=True, slots=True)
class PainTypeSummary:
    """The painful regions of one pain type (low back, neck, headache, facial, other)."""

    pain_type: PainType
    regions: tuple[str, ...]
    max_intensity: int
    extent_percent: float


def by_pain_type(pain_map: PainMap) -> dict[PainType, PainTypeSummary]:
    """Roll-up by the atlas's `pain_type` of each region; every pain type is present."""
    grouped: dict[PainType, dict[str, int]] = {pain_type: {} for pain_type in PAIN_TYPES}
    for region_id, intensity in pain_map.painful.items():
        grouped[anatomy.region(region_id).pain_type][region_id] = intensity
    return {
        pain_type: PainTypeSummary(
            pain_type=pain_type,
            regions=tuple(_in_atlas_order(set(found))),
            max_intensity=max(found.values(), default=0),
            extent_percent=100
            * sum(geometry.area(region_id) for region_id in found)
            / geometry.total_area(),
        )
        for pain_type, found in grouped.items()
    }


def _in_atlas_order(region_ids: set[str]) -> list[str]:
    return [region_id for region_id in anatomy.regions() if region_id in region_ids]
