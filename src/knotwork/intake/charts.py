"""A small server-side SVG line chart of one instrument's scores over time (no JavaScript)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from html import escape

from django.utils.safestring import SafeString, mark_safe

# The conventional score ranges of clinical-reference.md section D (the issue's `score` list).
SCALES: dict[str, tuple[float, float]] = {
    "nprs": (0, 10),
    "odi": (0, 100),
    "rmdq": (0, 24),
    "ndi": (0, 50),
    "psfs": (0, 10),
    "start_back": (0, 9),
    "pss10": (0, 40),
    "stress": (0, 10),
}
WIDTH, HEIGHT = 320, 120
LEFT, RIGHT, TOP, BOTTOM = 28, 10, 10, 22


def score_chart(instrument: str, name: str, points: Sequence[tuple[datetime, float]]) -> SafeString:
    """Scores in time order as an inline SVG; the dashed line marks the baseline score."""
    low, high = SCALES.get(instrument, (0, max((p[1] for p in points), default=1) or 1))
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(value: float) -> float:
        return TOP + inner_h * (1 - (value - low) / (high - low))

    count = len(points)
    # Points are spaced evenly: visits are what matters here, not the gaps between them.
    xs = [LEFT + (inner_w * i / (count - 1) if count > 1 else inner_w / 2) for i in range(count)]
    ys = [y(value) for _, value in points]
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        'role="img" '
        f'aria-label="{escape(name)}: {count} scores">',
        f'<line class="axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + inner_h}"/>',
        f'<line class="axis" x1="{LEFT}" y1="{TOP + inner_h}" x2="{WIDTH - RIGHT}" '
        f'y2="{TOP + inner_h}"/>',
        f'<text x="{LEFT - 4}" y="{TOP + 4}" text-anchor="end">{high:g}</text>',
        f'<text x="{LEFT - 4}" y="{TOP + inner_h}" text-anchor="end">{low:g}</text>',
    ]
    if ys:
        parts.append(
            f'<line class="baseline" x1="{LEFT}" y1="{ys[0]:.1f}" x2="{WIDTH - RIGHT}" '
            f'y2="{ys[0]:.1f}"/>'
        )
    if count > 1:
        path = " ".join(f"{x:.1f},{yy:.1f}" for x, yy in zip(xs, ys, strict=True))
        parts.append(f'<polyline class="line" points="{path}"/>')
    for (when, value), x, yy in zip(points, xs, ys, strict=True):
        label = f"{when:%d %b %Y}: {value:g}"
        parts.append(
            f'<circle class="dot" cx="{x:.1f}" cy="{yy:.1f}" r="3.5"><title>{escape(label)}'
            "</title></circle>"
        )
    if points:
        first, last = points[0][0], points[-1][0]
        parts.append(f'<text x="{LEFT}" y="{HEIGHT - 6}">{first:%d %b}</text>')
        if count > 1:
            parts.append(
                f'<text x="{WIDTH - RIGHT}" y="{HEIGHT - 6}" text-anchor="end">{last:%d %b}</text>'
            )
    parts.append("</svg>")
    # Every value interpolated above is a number, a date or escaped text.
    return mark_safe("".join(parts))
