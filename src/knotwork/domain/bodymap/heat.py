"""A heat map of many pain maps on the front and back figures: the share of patients marking
each region (clinic insight), with a colour scale, its legend, and hidden regions drawn neutral.

The figures, side labels and landmarks are the ones of `render.render_svg`, so the heat map looks
like a pain map; the colours are a blue scale (after ColorBrewer "Blues"), never the red-yellow
pain-intensity scale, so a share cannot be read as an intensity. A region given as None is one
the caller must not show (fewer than 5 patients): it is grey and hatched, and its title and the
legend say why.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from knotwork.domain import anatomy
from knotwork.domain.bodymap import geometry, palette
from knotwork.domain.bodymap.layout import layout
from knotwork.domain.bodymap.render import (
    FONT,
    MARGIN,
    SVG_NS,
    _attr,
    _Canvas,
    _figure_labels,
    _landmarks,
    _n,
)

# (lowest share in percent, colour): a region takes the colour of the last band it reaches.
SHARE_BANDS: tuple[tuple[float, str], ...] = (
    (0.0, "#eff3ff"),
    (10.0, "#bdd7e7"),
    (25.0, "#6baed6"),
    (50.0, "#3182bd"),
    (75.0, "#08519c"),
)
HIDDEN_FILL = "#d1d5db"


def share_colour(share: float) -> str:
    colour = SHARE_BANDS[0][1]
    for low, band_colour in SHARE_BANDS:
        if share >= low:
            colour = band_colour
    return colour


def _band_label(index: int) -> str:
    low = SHARE_BANDS[index][0]
    if index + 1 < len(SHARE_BANDS):
        return f"{low:g}-{SHARE_BANDS[index + 1][0]:g}%"
    return f"{low:g}% or more"


def _region_text(region_id: str, share: float | None, hidden_text: str) -> str:
    label = anatomy.region(region_id).full_label
    return f"{label}: {hidden_text}" if share is None else f"{label}: {share:.0f}% of patients"


def _hidden_pattern() -> str:
    return (
        '<pattern id="heat-hidden" patternUnits="userSpaceOnUse" width="5" height="5" '
        'patternTransform="rotate(45)">'
        f'<rect width="5" height="5" fill="{HIDDEN_FILL}"/>'
        '<line x1="0" y1="0" x2="0" y2="5" stroke="#9ca3af" stroke-width="1.2"/></pattern>'
    )


def render_shares(
    shares: Mapping[str, float | None],
    *,
    title: str,
    hidden_text: str,
    width: int = 640,
) -> str:
    """Self-contained SVG: each drawn region coloured by its share (percent of patients), or
    hatched grey when it is None or absent (`hidden_text` says why, e.g. "fewer than 5
    patients"). Inner regions (teeth, mouth, pelvic floor) with a share are listed below."""
    plan = layout()
    canvas = _Canvas()
    offset = 24.0 + canvas.wrapped(
        12, 17, title, 14, right=plan.width - MARGIN, leading=17, font_weight="700"
    )
    canvas.add(f'<g transform="translate(0 {_n(offset)})">')
    for figure in plan.figures:
        _figure_labels(canvas, figure, plan.half_width)
        dx, dy = figure.centre_x, figure.top_y
        for shape in geometry.shapes(figure.view):
            share = shares.get(shape.region)
            fill = "url(#heat-hidden)" if share is None else share_colour(share)
            text = _region_text(shape.region, share, hidden_text)
            canvas.add(
                f'<path d="{geometry.path_d(shape.points, dx, dy)}" fill="{fill}" '
                f'stroke="{palette.STROKE}" stroke-width="0.4" stroke-linejoin="round" '
                f'data-region="{_attr(shape.region)}"><title>{escape(text)}</title></path>'
            )
        canvas.add(_landmarks(figure.view, dx, dy))
    canvas.add("</g>")
    y = offset + plan.height + 8
    y += canvas.wrapped(
        12, y + 9, "Share of patients marking the region", 10,
        right=plan.width - MARGIN, leading=13, font_weight="600",
    )  # fmt: skip
    y += 14
    x = 12.0
    entries = [(share_colour(low), _band_label(i)) for i, (low, _) in enumerate(SHARE_BANDS)]
    entries.append(("url(#heat-hidden)", hidden_text))
    for colour, label in entries:
        entry_width = 20 + 5.0 * len(label) + 10
        if x > 12 and x + entry_width > plan.width - 6:
            x, y = 12.0, y + 18
        canvas.add(
            f'<rect x="{_n(x)}" y="{_n(y)}" width="16" height="12" fill="{colour}" '
            f'stroke="{palette.STROKE}" stroke-width="0.4"/>'
        )
        canvas.text(x + 20, y + 10, label, 9)
        x += entry_width
    y += 26
    inner = [found for found in geometry.inner_regions() if shares.get(found.id) is not None]
    if inner:
        canvas.text(12, y + 9, "Inside (not on the figures)", 10, font_weight="600")
        y += 16
        for found in inner:
            canvas.text(30, y + 9, _region_text(found.id, shares[found.id], hidden_text), 9)
            y += 14
    height = y + 6
    head = (
        f'<svg xmlns="{SVG_NS}" viewBox="0 0 {_n(plan.width)} {_n(height)}" '
        f'width="{width}" height="{round(width * height / plan.width)}" role="img" '
        f'aria-label="{_attr(title)}" font-family="{_attr(FONT)}">'
        f"<title>{escape(title)}</title><defs>{_hidden_pattern()}</defs>"
        '<rect width="100%" height="100%" fill="#ffffff"/>'
    )
    return head + "".join(canvas.parts) + "</svg>"
