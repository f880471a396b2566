"""Small server-side SVG line charts (no JavaScript) for trends on patient and course pages.

One shape serves every trend: named columns (visits, sessions, dates) spaced evenly, because
what a clinician compares is one visit with the next, not the gaps between them; a fixed scale
(the instrument's range); one or more lines, where a missing value leaves a gap; and optionally
a dashed baseline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

COLOURS = ("#1f6f78", "#b54708", "#7a5af8", "#b42318")


@dataclass(frozen=True)
class Line:
    """One series: a label and a value (or None, drawn as a gap) per column."""

    label: str
    values: Sequence[float | None]


def line_chart(
    title: str,
    columns: Sequence[str],
    lines: Sequence[Line],
    *,
    low: float,
    high: float,
    baseline: float | None = None,
    width: int = 520,
    height: int = 210,
) -> str:
    """A line chart over named columns on the fixed scale low..high; "" when there is no value.

    Every interpolated value is a number or escaped text, so the result is safe to mark safe.
    """
    if not columns or not any(v is not None for line in lines for v in line.values):
        return ""
    # The right margin leaves room for half of the last column's label (e.g. a date).
    left, right, top, bottom = 34.0, 30.0, 30.0, 28.0
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(columns) - 1, 1)

    def x(index: int) -> float:
        return left + (plot_w / 2 if len(columns) == 1 else index * step)

    def y(value: float) -> float:
        return top + plot_h * (1 - (min(max(value, low), high) - low) / ((high - low) or 1))

    label = escape(title, quote=True)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-label="{label}" font-family="system-ui, sans-serif" font-size="11">',
        f"<title>{escape(title)}</title>",
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="#fff" '
        'stroke="#d9dee6"/>',
    ]
    for value in (low, (low + high) / 2, high):
        parts.append(
            f'<text x="{left - 4}" y="{y(value) + 4:.1f}" text-anchor="end" '
            f'fill="#5b6575">{value:g}</text>'
        )
    if baseline is not None:
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y(baseline):.1f}" y2="{y(baseline):.1f}" '
            'stroke="#5b6575" stroke-dasharray="4 3"><title>Baseline</title></line>'
        )
    for index, column in enumerate(columns):
        parts.append(
            f'<text x="{x(index):.1f}" y="{height - 10}" text-anchor="middle" '
            f'fill="#5b6575">{escape(column)}</text>'
        )
    legend_x = left
    for number, line in enumerate(lines):
        colour = COLOURS[number % len(COLOURS)]
        points = [(x(i), y(v), v, columns[i]) for i, v in enumerate(line.values) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py, _, _ in points)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>'
            )
        for px, py, value, column in points:
            parts.append(
                f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="{colour}">'
                f"<title>{escape(line.label)}, {escape(column)}: {value:g}</title></circle>"
            )
        parts.append(f'<rect x="{legend_x}" y="9" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{legend_x + 14}" y="18" fill="#1d2430">{escape(line.label)}</text>')
        legend_x += 30 + 6.2 * len(line.label)
    parts.append("</svg>")
    return "".join(parts)
