"""What the pain-map pages show: pictures, metrics and comparisons of stored maps."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone

from knotwork.common.charts import Line, line_chart
from knotwork.domain import anatomy
from knotwork.domain.bodymap.render import render_svg
from knotwork.domain.painmap import PainMap
from knotwork.domain.painmap.metrics import (
    MapComparison,
    MapMetrics,
    by_pain_type,
    compare,
    summarize,
)
from knotwork.painmaps.models import PainMapRecord

PAIN_TYPE_LABELS = {
    "low_back": "Low back",
    "neck": "Neck",
    "headache": "Headache",
    "facial": "Face and jaw",
    "other": "Elsewhere",
}


@dataclass
class MapView:
    record: PainMapRecord
    pain_map: PainMap
    metrics: MapMetrics
    svg: str
    pain_types: list[tuple[str, int, float]]
    change: MapComparison | None = None

    @property
    def marks_text(self) -> list[str]:
        lines = []
        for mark in self.pain_map.marks:
            quality = f" ({mark.quality})" if mark.quality else ""
            lines.append(f"{anatomy.region(mark.region).full_label}: {mark.intensity}{quality}")
        return lines

    @property
    def added_labels(self) -> list[str]:
        return [anatomy.region(r).full_label for r in (self.change.added if self.change else ())]

    @property
    def resolved_labels(self) -> list[str]:
        return [anatomy.region(r).full_label for r in (self.change.resolved if self.change else ())]


def map_view(
    record: PainMapRecord, *, width: int = 420, previous: PainMap | None = None
) -> MapView:
    pain_map = record.to_domain()
    types = [
        (PAIN_TYPE_LABELS[key], summary.max_intensity, summary.extent_percent)
        for key, summary in by_pain_type(pain_map).items()
        if summary.regions
    ]
    return MapView(
        record=record,
        pain_map=pain_map,
        metrics=summarize(pain_map),
        svg=render_svg(pain_map, title=f"{record.drawn_at:%d %b %Y %H:%M}", width=width),
        pain_types=types,
        change=compare(previous, pain_map) if previous is not None else None,
    )


def history(records: Sequence[PainMapRecord], *, width: int = 360) -> list[MapView]:
    """Newest first, each compared with the map drawn before it."""
    ordered = list(reversed(records))
    views: list[MapView] = []
    previous: PainMap | None = None
    for record in ordered:
        view = map_view(record, width=width, previous=previous)
        views.append(view)
        previous = view.pain_map
    return list(reversed(views))


def trend_charts(views: Sequence[MapView]) -> list[str]:
    """Worst pain and pain extent, map by map from the oldest; none for a single map."""
    ordered = sorted(views, key=lambda v: v.record.drawn_at)
    if len(ordered) < 2:
        return []
    moments = [timezone.localtime(v.record.drawn_at) for v in ordered]
    # Several maps on one day need the time to tell their columns apart.
    same_day = len({moment.date() for moment in moments}) < len(moments)
    columns = [f"{moment:%d %b %H:%M}" if same_day else f"{moment:%d %b}" for moment in moments]
    extents = [round(v.metrics.extent_percent, 1) for v in ordered]
    return [
        line_chart(
            "Worst pain (0-10)",
            columns,
            [Line("Worst pain", [v.metrics.max_intensity for v in ordered])],
            low=0,
            high=10,
        ),
        line_chart(
            "Pain extent (% of body surface)",
            columns,
            [Line("Pain extent %", extents)],
            low=0,
            # Extent is usually a few percent: a scale to 100 would flatten every change.
            high=max(10.0, *extents),
        ),
    ]
