"""Server-side SVG of the body map: any pain map in heat colours, with optional overlays.

`render_svg` makes a self-contained picture (inline colours, no CSS, no JavaScript) for pages,
reports and PDFs. `interactive_svg` makes the bare figures the drawing widget enhances: every
shape is a focusable button carrying `data-region`. Both are plain string building; every piece
of text is escaped.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING

from knotwork.domain import anatomy
from knotwork.domain.bodymap import geometry, palette
from knotwork.domain.bodymap.geometry import FigureView
from knotwork.domain.bodymap.layout import Figure, layout, zoom_presets
from knotwork.domain.bodymap.textfit import wrap

if TYPE_CHECKING:
    # Only for type hints: the body map draws pain maps but needs nothing else of that package,
    # which itself reads the figure's areas from `geometry` (so no import cycle).
    from knotwork.domain.painmap import Mark, PainMap

SVG_NS = "http://www.w3.org/2000/svg"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
# Space kept free at the right edge, so that an estimated line width never touches it.
MARGIN = 12.0


@dataclass(frozen=True, slots=True)
class Overlay:
    """Regions to highlight over a pain map, e.g. one muscle's referral pattern.

    `essential` zones are drawn solid, `spillover` zones hatched (a region in both is drawn as
    essential), `trigger_points` are the regions holding trigger-point sites, outlined.
    """

    essential: frozenset[str] = frozenset()
    spillover: frozenset[str] = frozenset()
    trigger_points: frozenset[str] = frozenset()
    label: str = ""

    def __post_init__(self) -> None:
        for region_id in self.essential | self.spillover | self.trigger_points:
            anatomy.region(region_id)

    @classmethod
    def of(
        cls,
        essential: Iterable[str] = (),
        spillover: Iterable[str] = (),
        trigger_points: Iterable[str] = (),
        label: str = "",
    ) -> Overlay:
        """Build an overlay from any iterables of region ids."""
        return cls(frozenset(essential), frozenset(spillover), frozenset(trigger_points), label)


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _mark_text(mark: Mark) -> str:
    quality = f", {mark.quality}" if mark.quality else ""
    return f"{anatomy.region(mark.region).full_label}: {mark.intensity}/10{quality}"


@dataclass
class _Canvas:
    """Accumulates SVG elements while keeping track of the height used below the figures."""

    parts: list[str] = field(default_factory=list)

    def add(self, text: str) -> None:
        self.parts.append(text)

    def text(self, x: float, y: float, content: str, size: float = 11, **extra: object) -> None:
        # `class_` stands for `class` (a Python keyword); other underscores become hyphens.
        attributes = "".join(
            f' {key.rstrip("_").replace("_", "-")}="{_attr(v)}"' for key, v in extra.items()
        )
        self.parts.append(
            f'<text x="{_n(x)}" y="{_n(y)}" font-size="{_n(size)}"{attributes}>'
            f"{escape(content)}</text>"
        )

    def wrapped(
        self,
        x: float,
        y: float,
        content: str,
        size: float,
        *,
        right: float,
        leading: float,
        **extra: object,
    ) -> float:
        """Write `content` from `x` in lines that end before `right`; return the height added
        below the first line (0 when it fits on one)."""
        bold = extra.get("font_weight") in ("600", "700")
        lines = wrap(content, right - x, size, bold=bold)
        for index, line in enumerate(lines):
            self.text(x, y + index * leading, line, size, **extra)
        return (len(lines) - 1) * leading


def _figure_labels(canvas: _Canvas, figure: Figure, half_width: float) -> None:
    cx, top = figure.centre_x, figure.top_y
    canvas.text(cx, top - 20, figure.heading, 14, text_anchor="middle", font_weight="700")
    canvas.text(cx, top - 8, f"({figure.hint})", 9, text_anchor="middle", fill="#4b5563")
    for side, x, anchor in (
        (figure.viewer_left_side, cx - half_width + 4, "start"),
        (figure.viewer_right_side, cx + half_width - 4, "end"),
    ):
        canvas.text(
            x, top + 40, side.capitalize(), 11, text_anchor=anchor, fill="#374151",
            font_weight="600", class_="bodymap-side-label",
        )  # fmt: skip


def _hatch_pattern() -> str:
    return (
        '<pattern id="bm-hatch" patternUnits="userSpaceOnUse" width="4" height="4" '
        'patternTransform="rotate(45)">'
        f'<line x1="0" y1="0" x2="0" y2="4" stroke="{palette.SPILLOVER}" stroke-width="1.6"/>'
        "</pattern>"
    )


def _draw_figure(
    canvas: _Canvas,
    figure: Figure,
    marks: dict[str, Mark],
    overlay: Overlay | None,
    show_values: bool,
) -> None:
    dx, dy = figure.centre_x, figure.top_y
    for shape in geometry.shapes(figure.view):
        mark = marks.get(shape.region)
        intensity = mark.intensity if mark else None
        d = geometry.path_d(shape.points, dx, dy)
        tooltip = _mark_text(mark) if mark else anatomy.region(shape.region).full_label
        canvas.add(
            f'<path d="{d}" fill="{palette.intensity_colour(intensity)}" '
            f'stroke="{palette.STROKE}" stroke-width="0.4" stroke-linejoin="round" '
            f'data-region="{_attr(shape.region)}"><title>{escape(tooltip)}</title></path>'
        )
    if overlay is not None:
        for shape in geometry.shapes(figure.view):
            d = geometry.path_d(shape.points, dx, dy)
            if shape.region in overlay.essential:
                canvas.add(
                    f'<path d="{d}" fill="{palette.ESSENTIAL}" '
                    f'fill-opacity="{palette.ESSENTIAL_OPACITY}" stroke="none"/>'
                )
            elif shape.region in overlay.spillover:
                canvas.add(f'<path d="{d}" fill="url(#bm-hatch)" stroke="none"/>')
        for shape in geometry.shapes(figure.view):
            if shape.region in overlay.trigger_points:
                d = geometry.path_d(shape.points, dx, dy)
                # The dot sits left of the centre so that a pain value printed there stays legible.
                x, y = shape.anchor[0] + dx - (5 if show_values else 0), shape.anchor[1] + dy
                canvas.add(
                    f'<path d="{d}" fill="none" stroke="{palette.TRIGGER_POINT}" '
                    'stroke-width="1.6" stroke-linejoin="round"/>'
                    f'<circle cx="{_n(x)}" cy="{_n(y)}" r="2.4" fill="{palette.TRIGGER_POINT}" '
                    'stroke="#ffffff" stroke-width="0.6"/>'
                )
    canvas.add(_landmarks(figure.view, dx, dy))
    if show_values:
        for shape in geometry.shapes(figure.view):
            mark = marks.get(shape.region)
            if mark is None or mark.intensity == 0:
                continue
            x, y = shape.anchor[0] + dx, shape.anchor[1] + dy
            canvas.text(
                x, y + 2.2, str(mark.intensity), 6.5, text_anchor="middle",
                fill=palette.text_colour(mark.intensity), font_weight="700",
            )  # fmt: skip


def _landmarks(view: FigureView, dx: float = 0.0, dy: float = 0.0) -> str:
    """The figure's landmark lines (eyes, nose, lips, ears): drawn to aim by, never a target.

    Hidden from assistive technology (the regions carry the names) and from the pointer, so a
    tap on the nose line lands on the region under it.
    """
    lines = "".join(
        f'<path class="bodymap-landmark" d="{geometry.path_d(found.points, dx, dy, closed=False)}" '
        f'data-landmark="{_attr(found.name)}"/>'
        for found in geometry.landmarks(view)
    )
    return (
        f'<g class="bodymap-landmarks" aria-hidden="true" pointer-events="none" fill="none" '
        f'stroke="{palette.LANDMARK}" stroke-width="0.35" stroke-linecap="round" '
        f'stroke-linejoin="round">{lines}</g>'
    )


def _legend(canvas: _Canvas, y: float, width: float, overlay: Overlay | None) -> float:
    """Draw the intensity scale (and the overlay key) from `y`; return the next free y."""
    heading = "Pain intensity (0 = checked, no pain; 10 = worst)"
    y += canvas.wrapped(12, y + 9, heading, 10, right=width - MARGIN, leading=13, font_weight="600")
    y += 14
    box = min(22.0, (width - 12 - 80) / 12)
    x = 12.0
    for intensity, colour in enumerate(palette.INTENSITY):
        canvas.add(
            f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(box)}" height="12" fill="{colour}" '
            f'stroke="{palette.STROKE}" stroke-width="0.4"/>'
        )
        canvas.text(x + box / 2, y + 22, str(intensity), 8, text_anchor="middle")
        x += box
    x += 8
    canvas.add(
        f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(box)}" height="12" fill="{palette.UNMARKED}" '
        f'stroke="{palette.STROKE}" stroke-width="0.4"/>'
    )
    canvas.text(x + box + 3, y + 9, "not marked", 8)
    y += 30
    if overlay is None:
        return y
    if overlay.label:
        # Long trigger-point names ("Sternocleidomastoid, sternal (superficial) division (right
        # side)") run past the figures' width, so the label wraps instead of being clipped.
        y += canvas.wrapped(
            12, y + 9, overlay.label, 10, right=width - MARGIN, leading=13, font_weight="600"
        )
        y += 16
    x = 12.0
    for key, label in (
        ("essential", "Essential zone (solid)"),
        ("spillover", "Spillover zone (hatched)"),
        ("trigger_points", "Trigger-point site"),
    ):
        # Only what the overlay draws has a key (a handout draws trigger-point sites only).
        if not getattr(overlay, key):
            continue
        if key == "essential":
            swatch = (
                f'fill="{palette.ESSENTIAL}" fill-opacity="{palette.ESSENTIAL_OPACITY}" '
                'stroke="#6b7280" stroke-width="0.4"'
            )
        elif key == "spillover":
            swatch = 'fill="url(#bm-hatch)" stroke="#6b7280" stroke-width="0.4"'
        else:
            swatch = f'fill="none" stroke="{palette.TRIGGER_POINT}" stroke-width="1.6"'
        # Text width is estimated (about 5 units per character at this size) to wrap the key.
        entry_width = 20 + 5.0 * len(label) + 12
        if x > 12 and x + entry_width > width - 6:
            x = 12.0
            y += 18
        canvas.add(f'<rect x="{_n(x)}" y="{_n(y)}" width="16" height="12" {swatch}/>')
        canvas.text(x + 20, y + 10, label, 9)
        x += entry_width
    return y + 22


def _inner_list(
    canvas: _Canvas, y: float, width: float, marks: dict[str, Mark], overlay: Overlay | None
) -> float:
    """List marked (or overlaid) inner regions, which have no shape; return the next free y."""
    lines: list[tuple[str, int | None, str]] = []
    for found in geometry.inner_regions():
        mark = marks.get(found.id)
        notes = []
        if overlay is not None and found.id in overlay.essential:
            notes.append("essential zone")
        elif overlay is not None and found.id in overlay.spillover:
            notes.append("spillover zone")
        if overlay is not None and found.id in overlay.trigger_points:
            notes.append("trigger-point site")
        if mark is None and not notes:
            continue
        text = _mark_text(mark) if mark else found.full_label
        if notes:
            text += f" [{', '.join(notes)}]"
        lines.append((text, mark.intensity if mark else None, found.id))
    if not lines:
        return y
    canvas.text(12, y + 9, "Inside (not on the figures)", 10, font_weight="600")
    y += 16
    for text, intensity, region_id in lines:
        canvas.add(
            f'<rect x="12" y="{_n(y)}" width="12" height="10" '
            f'fill="{palette.intensity_colour(intensity)}" stroke="{palette.STROKE}" '
            f'stroke-width="0.4" data-region="{_attr(region_id)}"/>'
        )
        # "Inside the mouth and throat: tongue, palate, ...: 7/10 [essential zone]" is wider
        # than the picture: it wraps under its own start, beside the swatch.
        y += canvas.wrapped(30, y + 9, text, 9, right=width - MARGIN, leading=11)
        y += 14
    return y + 4


def render_svg(
    pain_map: PainMap | None,
    overlay: Overlay | None = None,
    *,
    title: str = "",
    width: int = 640,
    show_values: bool = True,
) -> str:
    """A self-contained SVG of a pain map on front and back figures (no CSS or JS needed).

    Marked regions take the heat colour of their intensity (0 white, 10 dark red), unmarked ones
    light grey; painful regions show their number when `show_values`. Marked inner regions
    (teeth, mouth, pelvic floor) are listed under the legend. `width` is in pixels; the height
    follows the content.
    """
    plan = layout()
    marks = {mark.region: mark for mark in (pain_map.marks if pain_map else ())}
    canvas = _Canvas()
    offset = 0.0
    if title:
        offset = 24.0 + canvas.wrapped(
            12, 17, title, 14, right=plan.width - MARGIN, leading=17, font_weight="700"
        )
    canvas.add(f'<g transform="translate(0 {_n(offset)})">')
    for figure in plan.figures:
        _figure_labels(canvas, figure, plan.half_width)
        _draw_figure(canvas, figure, marks, overlay, show_values)
    canvas.add("</g>")
    y = _legend(canvas, offset + plan.height + 4, plan.width, overlay)
    y = _inner_list(canvas, y, plan.width, marks, overlay)
    height = y + 6
    summary = "; ".join(_mark_text(mark) for mark in marks.values()) or "No pain marked."
    label = title or "Pain map"
    head = (
        f'<svg xmlns="{SVG_NS}" viewBox="0 0 {_n(plan.width)} {_n(height)}" '
        f'width="{width}" height="{round(width * height / plan.width)}" role="img" '
        f'aria-label="{_attr(label)}" font-family="{_attr(FONT)}">'
        f"<title>{escape(label)}</title><desc>{escape(summary)}</desc>"
        f"<defs>{_hatch_pattern()}</defs>"
        f'<rect width="100%" height="100%" fill="#ffffff"/>'
    )
    return head + "".join(canvas.parts) + "</svg>"


def interactive_svg(pain_map: PainMap | None = None) -> str:
    """The two figures for the drawing widget: one focusable button shape per region per figure.

    Every shape is `<path class="bodymap-region" data-region=ID tabindex="0" role="button"
    aria-label=FULL_LABEL aria-pressed=...>` with a `<title>`, in atlas order (head to feet, the
    patient's left before right), front figure first. A marked region also carries
    `data-intensity`. The root `<svg>` carries the zoom presets as JSON in `data-zoom`; each
    figure `<g>` names the patient's side at the viewer's left and right (`data-viewer-left`,
    `data-viewer-right`) for the labels a close-up keeps. After a figure's shapes come its
    landmarks, lines that are no region and no target. Colours come from `bodymap.css`.
    """
    plan = layout()
    marks = {mark.region: mark for mark in (pain_map.marks if pain_map else ())}
    zooms = [{"id": z.id, "label": z.label, "viewBox": z.view_box} for z in zoom_presets()]
    canvas = _Canvas()
    for figure in plan.figures:
        # The sides at the viewer's left and right, for the labels the widget keeps in a zoom.
        canvas.add(
            f'<g class="bodymap-figure" data-view="{figure.view}" role="group" '
            f'data-viewer-left="{figure.viewer_left_side}" '
            f'data-viewer-right="{figure.viewer_right_side}" '
            f'aria-label="{_attr(f"{figure.heading} of the body ({figure.hint})")}">'
        )
        _figure_labels(canvas, figure, plan.half_width)
        canvas.add(f'<g transform="translate({_n(figure.centre_x)} {_n(figure.top_y)})">')
        for shape in geometry.shapes(figure.view):
            canvas.add(_interactive_shape(shape, figure.view, marks.get(shape.region)))
        canvas.add(_landmarks(figure.view))
        canvas.add("</g></g>")
    return (
        f'<svg xmlns="{SVG_NS}" class="bodymap-svg" viewBox="0 0 {_n(plan.width)} '
        f'{_n(plan.height)}" data-full-view-box="0 0 {_n(plan.width)} {_n(plan.height)}" '
        f"data-zoom='{_attr(json.dumps(zooms))}' role=\"group\" "
        'aria-label="Body map, front and back figures. Left and right are the patient\'s own.">'
        + "".join(canvas.parts)
        + "</svg>"
    )


def _interactive_shape(shape: geometry.Shape, view: FigureView, mark: Mark | None) -> str:
    label = anatomy.region(shape.region).full_label
    state = f' data-intensity="{mark.intensity}"' if mark else ""
    if mark and mark.quality:
        state += f' data-quality="{_attr(mark.quality)}"'
    return (
        f'<path class="bodymap-region" d="{shape.d}" data-region="{_attr(shape.region)}" '
        f'data-view="{view}" tabindex="0" role="button" aria-label="{_attr(label)}" '
        f'aria-pressed="{"true" if mark else "false"}"{state}>'
        f"<title>{escape(label)}</title></path>"
    )
