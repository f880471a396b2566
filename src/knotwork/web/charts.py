"""Small server-side SVG line charts (no JavaScript), for trends on patient pages and reports."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape

COLOURS = ("#1f6f78", "#b42318", "#7a5af8", "#b54708")


@dataclass(frozen=True)
class Series:
    """One line: a label, its (time, value) points, and the value range of its own axis."""

    label: str
    points: Sequence[tuple[datetime, float]]
    low: float
    high: float
    unit: str = ""


def line_chart(
    series: Sequence[Series], *, width: int = 560, height: int = 200, title: str = ""
) -> str:
    """Each series scaled to its own range (stated in the legend), sharing the time axis."""
    times = [when for line in series for when, _ in line.points]
    if not times:
        return ""
    left, right, top, bottom = 36.0, 12.0, 28.0, 26.0
    plot_w, plot_h = width - left - right, height - top - bottom
    start, end = min(times), max(times)
    span = (end - start).total_seconds() or 1.0

    def x(when: datetime) -> float:
        if start == end:
            return left + plot_w / 2
        return left + plot_w * (when - start).total_seconds() / span

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-label="{escape(title or "Trend chart", quote=True)}" '
        'font-family="system-ui, sans-serif" font-size="11">',
        f"<title>{escape(title or 'Trend chart')}</title>",
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" '
        'fill="#fff" stroke="#d9dee6"/>',
    ]
    for fraction in (0.25, 0.5, 0.75):
        y = top + plot_h * fraction
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#eef1f5"/>'
        )
    legend_x = left
    for index, line in enumerate(series):
        colour = COLOURS[index % len(COLOURS)]
        scale = (line.high - line.low) or 1.0

        def y(value: float, line: Series = line, scale: float = scale) -> float:
            return top + plot_h * (1 - (min(max(value, line.low), line.high) - line.low) / scale)

        coords = [(x(when), y(value)) for when, value in line.points]
        if len(coords) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in coords)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>'
            )
        for (px, py), (when, value) in zip(coords, line.points, strict=True):
            tip = f"{line.label}: {value:g}{line.unit} on {when:%d %b %Y}"
            parts.append(
                f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="{colour}">'
                f"<title>{escape(tip)}</title></circle>"
            )
        legend = f"{line.label} ({line.low:g}–{line.high:g}{line.unit})"
        parts.append(f'<rect x="{legend_x}" y="8" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{legend_x + 14}" y="17" fill="#1d2430">{escape(legend)}</text>')
        legend_x += 20 + 6.2 * len(legend)
    parts.append(f'<text x="{left}" y="{height - 8}" fill="#5b6575">{start:%d %b %Y}</text>')
    if end != start:
        parts.append(
            f'<text x="{left + plot_w}" y="{height - 8}" text-anchor="end" '
            f'fill="#5b6575">{end:%d %b %Y}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
