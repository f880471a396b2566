"""The HTML a page outputs for the body-map drawing widget (`static/knotwork/bodymap.js`).

A Django template only needs `{{ html|safe }}` with `html = widget_html(...)`, plus the two
static files:

    <link rel="stylesheet" href="{% static 'knotwork/bodymap.css' %}">
    <script src="{% static 'knotwork/bodymap.js' %}" defer></script>

Structure (every `data-*` hook below is what the script looks for):

    <div class="bodymap" data-bodymap data-last-map="{JSON of the last map or empty}">
      <div class="bodymap-toolbar" role="toolbar">  brush intensity range [data-brush],
          buttons [data-action=undo|clear|copy-last], zoom <select data-zoom-select>
      <p class="bodymap-caption" data-caption aria-live="polite">  name of the hovered region
      <div class="bodymap-figures">  interactive_svg(): <path data-region=ID ...> per region
      <div class="bodymap-legend">  swatches [data-intensity=0..10] and "not marked"
      <fieldset class="bodymap-inner">  per inner region: checkbox [data-inner-check=ID],
          intensity <select data-inner-intensity=ID>, quality <select data-inner-quality=ID>
      <input type="hidden" name="marks" value="[...]">
    </div>

The hidden input always holds the marks as a JSON array in the API's shape, e.g.
`[{"region": "low_back_left", "intensity": 6, "quality": "aching"}]` (`quality` is null when not
given); parse it with `json.loads` and `knotwork.domain.painmap.parse_marks`. `data-last-map`
holds `painmap.to_json(last_map)` (an object with "marks"; a bare array also works).
"""

from __future__ import annotations

import json
from html import escape

from knotwork.domain.bodymap import geometry
from knotwork.domain.bodymap.layout import zoom_presets
from knotwork.domain.bodymap.render import interactive_svg
from knotwork.domain.painmap import MAX_INTENSITY, QUALITIES, Mark, PainMap, to_json

DEFAULT_BRUSH = 5


def marks_json(pain_map: PainMap | None) -> str:
    """The hidden input's value for a map: a JSON array of marks."""
    return json.dumps(to_json(pain_map)["marks"] if pain_map else [])


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
