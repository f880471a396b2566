"""What the pain-map pages show: pictures, metrics and comparisons of stored maps, and the
drawing widget (`widget_html`)."""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.html import json_script

from knotwork.common.charts import Line, line_chart
from knotwork.domain import anatomy
from knotwork.domain.bodymap import geometry
from knotwork.domain.bodymap.layout import zoom_presets
from knotwork.domain.bodymap.render import interactive_svg, render_svg
from knotwork.domain.painmap import MAX_INTENSITY, QUALITIES, Mark, PainMap, to_json
from knotwork.domain.painmap.metrics import (
    MapComparison,
    MapMetrics,
    by_pain_type,
    compare,
    summarize,
)

if TYPE_CHECKING:
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
    # The comparison with the last earlier map that marks pain (`compared_with`): a no-pain map
    # is never the baseline of a change, which would read as "everything is new".
    change: MapComparison | None = None
    compared_with: PainMapRecord | None = None
    # The latest no-pain map between this one and `compared_with`, said beside the comparison.
    no_pain_between: PainMapRecord | None = None
    # For a no-pain map: the last earlier map with pain, to say what went away.
    last_with_pain: MapView | None = None

    @property
    def no_pain(self) -> bool:
        return self.record.no_pain

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

    @property
    def shared_count(self) -> int:
        """Regions painful in both maps (the overlap's numerator)."""
        if self.change is None:
            return 0
        return self.either_count - len(self.change.added) - len(self.change.resolved)

    @property
    def either_count(self) -> int:
        """Regions painful in either map (the overlap's denominator)."""
        return len(self.change.intensity_change) if self.change else 0


# A stored map never changes, so its drawing is cached by what it draws (the marks, the title,
# the width): the history page shows up to 24 maps and redrew every one on every request. Kept
# per process and bounded (each drawing is tens of KB), so memory stays flat.
SVG_CACHE_SIZE = 256


@functools.lru_cache(maxsize=SVG_CACHE_SIZE)
def drawn_svg(pain_map: PainMap, title: str, width: int) -> str:
    """`render_svg` of a map, cached by content."""
    return render_svg(pain_map, title=title, width=width)


def map_view(record: PainMapRecord, *, width: int = 420) -> MapView:
    pain_map = record.to_domain()
    types = [
        (PAIN_TYPE_LABELS[key], summary.max_intensity, summary.extent_percent)
        for key, summary in by_pain_type(pain_map).items()
        if summary.regions
    ]
    title = f"{record.drawn_at:%d %b %Y %H:%M}" + (" · no pain" if record.no_pain else "")
    return MapView(
        record=record,
        pain_map=pain_map,
        metrics=summarize(pain_map),
        svg=drawn_svg(pain_map, title, width),
        pain_types=types,
    )


def history(records: Sequence[PainMapRecord], *, width: int = 360) -> list[MapView]:
    """Newest first; each map with pain is compared with the last earlier map with pain (a
    no-pain map in between is named, not compared with), and each no-pain map names the last
    map with pain before it."""
    views: list[MapView] = []
    last_with_pain: MapView | None = None
    no_pain_since: PainMapRecord | None = None
    for record in reversed(records):
        view = map_view(record, width=width)
        if view.no_pain:
            view.last_with_pain = last_with_pain
            no_pain_since = record
        else:
            if last_with_pain is not None:
                view.change = compare(last_with_pain.pain_map, view.pain_map)
                view.compared_with = last_with_pain.record
                view.no_pain_between = no_pain_since
            last_with_pain, no_pain_since = view, None
        views.append(view)
    return list(reversed(views))


def trend_charts(views: Sequence[MapView]) -> list[str]:
    """Worst pain and pain extent, map by map from the oldest; none for a single map.

    A no-pain map is a true 0 on both and is drawn so, with "no pain" under its date.
    """
    ordered = sorted(views, key=lambda v: v.record.drawn_at)
    if len(ordered) < 2:
        return []
    moments = [timezone.localtime(v.record.drawn_at) for v in ordered]
    # Several maps on one day need the time to tell their columns apart.
    same_day = len({moment.date() for moment in moments}) < len(moments)
    columns = [f"{moment:%d %b %H:%M}" if same_day else f"{moment:%d %b}" for moment in moments]
    notes = ["no pain" if v.no_pain else "" for v in ordered]
    extents = [round(v.metrics.extent_percent, 1) for v in ordered]
    return [
        line_chart(
            "Worst pain (0-10)",
            columns,
            [Line("Worst pain", [v.metrics.max_intensity for v in ordered])],
            low=0,
            high=10,
            notes=notes,
        ),
        line_chart(
            "Pain extent (% of body surface)",
            columns,
            [Line("Pain extent %", extents)],
            low=0,
            # Extent is usually a few percent: a scale to 100 would flatten every change.
            high=max(10.0, *extents),
            notes=notes,
        ),
    ]


# The drawing widget: the HTML a page outputs for the body map's script
# (`static/painmaps/bodymap.js`). Python builds it, rather than a template, because the figures
# are SVG computed from the geometry.
#
# A Django template only needs `{{ html|safe }}` with `html = widget_html(...)`, plus the two
# static files:
#
#     <link rel="stylesheet" href="{% static 'painmaps/bodymap.css' %}">
#     <script src="{% static 'painmaps/bodymap.js' %}" defer></script>
#
# Structure (every `data-*` hook below is what the script looks for):
#
#     <div class="bodymap" data-bodymap data-last-map="{JSON of the last map or empty}">
#       <div class="bodymap-toolbar" role="toolbar">  brush intensity range [data-brush],
#           buttons [data-action=undo|clear|copy-last], zoom <select data-zoom-select>
#       <p class="bodymap-caption" data-caption aria-live="polite">  name of the hovered region
#       <div class="bodymap-figures">  interactive_svg(): <path data-region=ID ...> per region,
#           and per figure <g class="bodymap-landmarks" aria-hidden> lines (eyes, nose, ears)
#       <div class="bodymap-legend">  swatches [data-intensity=0..10] and "not marked"
#       <fieldset class="bodymap-inner">  per inner region: checkbox [data-inner-check=ID],
#           intensity <select data-inner-intensity=ID>, quality <select data-inner-quality=ID>
#       <script type="application/json" id="{prefix}-vocabulary">  widget_vocabulary(): the
#           qualities and the intensity scale (bodymap.js repeats neither)
#       <input type="hidden" name="marks" value="[...]">
#     </div>
#
# The hidden input always holds the marks as a JSON array in the API's shape, e.g.
# `[{"region": "low_back_left", "intensity": 6, "quality": "aching"}]` (`quality` is null when not
# given); parse it with `json.loads` and `knotwork.domain.painmap.parse_marks`. `data-last-map`
# holds `painmap.to_json(last_map)` (an object with "marks"; a bare array also works).

DEFAULT_BRUSH = 5


def marks_json(pain_map: PainMap | None) -> str:
    """The hidden input's value for a map: a JSON array of marks."""
    return json.dumps(to_json(pain_map)["marks"] if pain_map else [])


def widget_vocabulary() -> dict[str, object]:
    """The vocabulary bodymap.js reads from the widget's JSON script element."""
    return {"qualities": list(QUALITIES), "max_intensity": MAX_INTENSITY}


def widget_html(
    initial: PainMap | None = None,
    last_map: PainMap | None = None,
    *,
    name: str = "marks",
    id_prefix: str = "bodymap",
) -> str:
    """The whole widget; `initial` pre-fills it, `last_map` enables "Copy my last map"."""
    marks = {mark.region: mark for mark in (initial.marks if initial else ())}
    last = json.dumps(to_json(last_map)) if last_map and last_map.marks else ""
    p = escape(id_prefix, quote=True)
    parts = [
        f'<div class="bodymap" id="{p}" data-bodymap data-last-map="{escape(last, quote=True)}">',
        _toolbar(p, has_last=bool(last)),
        f'<p class="bodymap-caption" id="{p}-caption" data-caption aria-live="polite">'
        "Tap or click where it hurts. Left and right are your own.</p>",
        f'<div class="bodymap-figures">{interactive_svg(initial)}</div>',
        _legend(),
        _inner_list(p, marks),
        # What the script needs of the domain (the qualities, the 0-10 scale), handed over here
        # so that bodymap.js repeats none of it.
        str(json_script(widget_vocabulary(), f"{id_prefix}-vocabulary")),
        f'<input type="hidden" name="{escape(name, quote=True)}" data-marks-input '
        f'value="{escape(marks_json(initial), quote=True)}">',
        "</div>",
    ]
    return "\n".join(parts)


def _toolbar(p: str, *, has_last: bool) -> str:
    zooms = "".join(
        f'<option value="{escape(z.id, quote=True)}">{escape(z.label)}</option>'
        for z in zoom_presets()
    )
    disabled = "" if has_last else " disabled"
    return (
        '<div class="bodymap-toolbar" role="toolbar" aria-label="Body map tools">'
        f'<label class="bodymap-brush" for="{p}-brush">Intensity for new marks '
        f'<input type="range" id="{p}-brush" min="0" max="{MAX_INTENSITY}" step="1" '
        f'value="{DEFAULT_BRUSH}" data-brush>'
        f'<output for="{p}-brush" data-brush-value>{DEFAULT_BRUSH}</output></label>'
        '<button type="button" data-action="undo" disabled>Undo</button>'
        '<button type="button" data-action="clear">Clear</button>'
        f'<button type="button" data-action="copy-last"{disabled}>Copy my last map</button>'
        f'<label class="bodymap-zoom" for="{p}-zoom">Zoom '
        f'<select id="{p}-zoom" data-zoom-select>{zooms}</select></label>'
        "</div>"
    )


def _legend() -> str:
    swatches = "".join(
        f'<li><span class="bodymap-swatch" data-intensity="{i}"></span>{i}</li>'
        for i in range(MAX_INTENSITY + 1)
    )
    return (
        '<div class="bodymap-legend" aria-label="Colour key">'
        '<span class="bodymap-legend-title">Pain 0-10</span>'
        f'<ol class="bodymap-scale">{swatches}</ol>'
        '<span class="bodymap-legend-unmarked"><span class="bodymap-swatch"></span>'
        "not marked</span></div>"
    )


def _options(selected: int | str | None, values: list[tuple[str, str]]) -> str:
    return "".join(
        f'<option value="{escape(value, quote=True)}"'
        f"{' selected' if str(selected) == value else ''}>{escape(label)}</option>"
        for value, label in values
    )


def _inner_list(p: str, marks: dict[str, Mark]) -> str:
    rows = []
    intensities = [(str(i), str(i)) for i in range(MAX_INTENSITY + 1)]
    qualities = [("", "quality (optional)")] + [(q, q) for q in QUALITIES]
    for found in geometry.inner_regions():
        mark = marks.get(found.id)
        rid = escape(found.id, quote=True)
        check_id = f"{p}-inner-{rid}"
        checked = " checked" if mark else ""
        intensity = mark.intensity if mark else DEFAULT_BRUSH
        quality = mark.quality if mark and mark.quality else ""
        label = escape(found.full_label)
        rows.append(
            f'<li class="bodymap-inner-row" data-inner-region="{rid}">'
            f'<input type="checkbox" id="{check_id}" data-inner-check="{rid}"{checked}>'
            f'<label for="{check_id}">{label}</label>'
            f'<select data-inner-intensity="{rid}" aria-label="Intensity: {label}">'
            f"{_options(intensity, intensities)}</select>"
            f'<select data-inner-quality="{rid}" aria-label="Quality: {label}">'
            f"{_options(quality, qualities)}</select></li>"
        )
    return (
        '<fieldset class="bodymap-inner"><legend>Inside the mouth and pelvis '
        "(not shown on the figures)</legend>"
        f'<ul class="bodymap-inner-list">{"".join(rows)}</ul></fieldset>'
    )
