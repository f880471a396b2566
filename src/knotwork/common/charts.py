"""Small server-side SVG charts (no JavaScript): line charts for trends on patient and course
pages, grouped bar charts for categories that have no order between them (clinic insight).

One shape serves every trend: named columns (visits, sessions, dates) spaced evenly, because
what a clinician compares is one visit with the next, not the gaps between them; a fixed scale
(the instrument's range); one or more lines, where a missing value leaves a gap; and optionally
a dashed baseline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from knotwork.domain.bodymap.textfit import text_width

COLOURS = ("#1f6f78", "#b54708", "#7a5af8", "#b42318")


@dataclass(frozen=True)
class Line:
    """One series: a label and a value (or None, drawn as a gap) per column."""

    label: str
    values: Sequence[float | None]


# Label sizes (SVG units, which are pixels at the default width) and the least space between
# two column labels.
FONT_SIZE = 11.0
NOTE_SIZE = 9.5
LABEL_GAP = 8.0
LEGEND_ROW = 16.0


def line_chart(
    title: str,
    columns: Sequence[str],
    lines: Sequence[Line],
    *,
    low: float,
    high: float,
    baseline: float | None = None,
    notes: Sequence[str] | None = None,
    width: int = 520,
    height: int = 210,
) -> str:
    """A line chart over named columns on the fixed scale low..high; "" when there is no value.

    `notes` puts a short word under a column's label (e.g. "no pain"). No text is ever cut off
    at the edges: the margins grow to hold the first and last labels and the scale's numbers,
    the legend wraps onto more rows, and when the columns are too close for every label, every
    second (third...) one is written, the last always; each point's tooltip still names its
    column. Every interpolated value is a number or escaped text, so the result is safe to mark
    safe.
    """
    if not columns or not any(v is not None for line in lines for v in line.values):
        return ""
    notes = list(notes or [""] * len(columns))
    label_widths = [
        max(text_width(column, FONT_SIZE), text_width(note, NOTE_SIZE))
        for column, note in zip(columns, notes, strict=True)
    ]
    scale = (low, (low + high) / 2, high)
    scale_width = max(text_width(f"{value:g}", FONT_SIZE) for value in scale)
    legend = _legend_rows([line.label for line in lines], width)
    # The first and last labels are centred on their points: the margins hold their halves.
    left = max(34.0, scale_width + 8, label_widths[0] / 2 + 2)
    right = max(14.0, label_widths[-1] / 2 + 2)
    top = 12 + LEGEND_ROW * len(legend) + 2
    bottom = 28.0 + (14.0 if any(notes) else 0.0)
    height = int(height + top - 30 + bottom - 28)
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(columns) - 1, 1)

    def x(index: int) -> float:
        return left + (plot_w / 2 if len(columns) == 1 else index * step)

    def y(value: float) -> float:
        return top + plot_h * (1 - (min(max(value, low), high) - low) / ((high - low) or 1))

    label = escape(title, quote=True)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-label="{label}" font-family="system-ui, sans-serif" '
        f'font-size="{FONT_SIZE:g}">',
        f"<title>{escape(title)}</title>",
        f'<rect x="{left:.1f}" y="{top:.1f}" width="{plot_w:.1f}" height="{plot_h:.1f}" '
        'fill="#fff" stroke="#d9dee6"/>',
    ]
    for value in scale:
        parts.append(
            f'<text x="{left - 4:.1f}" y="{y(value) + 4:.1f}" text-anchor="end" '
            f'fill="#5b6575">{value:g}</text>'
        )
    if baseline is not None:
        parts.append(
            f'<line x1="{left:.1f}" x2="{left + plot_w:.1f}" y1="{y(baseline):.1f}" '
            f'y2="{y(baseline):.1f}" stroke="#5b6575" stroke-dasharray="4 3">'
            "<title>Baseline</title></line>"
        )
    label_y = height - bottom + 18
    for index in _labelled(label_widths, step):
        parts.append(
            f'<text x="{x(index):.1f}" y="{label_y:.1f}" text-anchor="middle" '
            f'fill="#5b6575">{escape(columns[index])}</text>'
        )
        if notes[index]:
            parts.append(
                f'<text x="{x(index):.1f}" y="{label_y + 13:.1f}" text-anchor="middle" '
                f'font-size="{NOTE_SIZE:g}" fill="#1d2430">{escape(notes[index])}</text>'
            )
    for number, line in enumerate(lines):
        colour = COLOURS[number % len(COLOURS)]
        points = [(x(i), y(v), v, i) for i, v in enumerate(line.values) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py, _, _ in points)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>'
            )
        for px, py, value, index in points:
            note = f" ({notes[index]})" if notes[index] else ""
            parts.append(
                f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="{colour}">'
                f"<title>{escape(line.label)}, {escape(columns[index])}: {value:g}"
                f"{escape(note)}</title></circle>"
            )
    for row, entries in enumerate(legend):
        for at, number in entries:
            colour = COLOURS[number % len(COLOURS)]
            top_y = 9 + row * LEGEND_ROW
            parts.append(f'<rect x="{at:.1f}" y="{top_y}" width="10" height="10" fill="{colour}"/>')
            parts.append(
                f'<text x="{at + 14:.1f}" y="{top_y + 9}" fill="#1d2430">'
                f"{escape(lines[number].label)}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


def bar_chart(
    title: str,
    columns: Sequence[str],
    series: Sequence[Line],
    *,
    low: float,
    high: float,
    notes: Sequence[str] | None = None,
    width: int = 520,
    height: int = 210,
) -> str:
    """Grouped bars over named categories (one bar per series in each) on the fixed scale
    low..high; "" when there is no value. A None value draws no bar; `notes` says why under the
    column (e.g. "fewer than 5"). Labels, scale and legend follow `line_chart`'s rules."""
    if not columns or not any(v is not None for line in series for v in line.values):
        return ""
    notes = list(notes or [""] * len(columns))
    scale = (low, (low + high) / 2, high)
    left = max(34.0, max(text_width(f"{value:g}", FONT_SIZE) for value in scale) + 8)
    legend = _legend_rows([line.label for line in series], width)
    top = 12 + LEGEND_ROW * len(legend) + 2
    bottom = 28.0 + (14.0 if any(notes) else 0.0)
    height = int(height + top - 30 + bottom - 28)
    plot_w, plot_h = width - left - 14, height - top - bottom
    slot = plot_w / len(columns)
    bar = slot * 0.8 / max(len(series), 1)

    def y(value: float) -> float:
        return top + plot_h * (1 - (min(max(value, low), high) - low) / ((high - low) or 1))

    label = escape(title, quote=True)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-label="{label}" font-family="system-ui, sans-serif" '
        f'font-size="{FONT_SIZE:g}">',
        f"<title>{escape(title)}</title>",
        f'<rect x="{left:.1f}" y="{top:.1f}" width="{plot_w:.1f}" height="{plot_h:.1f}" '
        'fill="#fff" stroke="#d9dee6"/>',
    ]
    for value in scale:
        parts.append(
            f'<text x="{left - 4:.1f}" y="{y(value) + 4:.1f}" text-anchor="end" '
            f'fill="#5b6575">{value:g}</text>'
        )
    widths = [
        max(text_width(c, FONT_SIZE), text_width(n, NOTE_SIZE))
        for c, n in zip(columns, notes, strict=True)
    ]
    label_y = height - bottom + 18
    for index in _labelled(widths, slot):
        # A long first or last label moves inwards rather than past the edge.
        half = widths[index] / 2 + 2
        centre = min(max(left + slot * (index + 0.5), half), width - half)
        parts.append(
            f'<text x="{centre:.1f}" y="{label_y:.1f}" text-anchor="middle" '
            f'fill="#5b6575">{escape(columns[index])}</text>'
        )
        if notes[index]:
            parts.append(
                f'<text x="{centre:.1f}" y="{label_y + 13:.1f}" text-anchor="middle" '
                f'font-size="{NOTE_SIZE:g}" fill="#1d2430">{escape(notes[index])}</text>'
            )
    for number, line in enumerate(series):
        colour = COLOURS[number % len(COLOURS)]
        for index, found in enumerate(line.values):
            if found is None:
                continue
            x = left + slot * index + slot * 0.1 + bar * number
            parts.append(
                f'<rect x="{x:.1f}" y="{y(found):.1f}" width="{bar:.1f}" '
                f'height="{y(low) - y(found):.1f}" fill="{colour}">'
                f"<title>{escape(line.label)}, {escape(columns[index])}: {found:g}</title></rect>"
            )
    for row, entries in enumerate(legend):
        for at, number in entries:
            colour = COLOURS[number % len(COLOURS)]
            top_y = 9 + row * LEGEND_ROW
            parts.append(f'<rect x="{at:.1f}" y="{top_y}" width="10" height="10" fill="{colour}"/>')
            parts.append(
                f'<text x="{at + 14:.1f}" y="{top_y + 9}" fill="#1d2430">'
                f"{escape(series[number].label)}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


def _labelled(widths: Sequence[float], step: float) -> list[int]:
    """The columns whose labels are written: every k-th so that no two overlap, and the last."""
    count = len(widths)
    if count == 1:
        return [0]
    widest = max(widths)
    every = 1
    while every < count and every * step < widest + LABEL_GAP:
        every += 1
    shown = list(range(0, count, every))
    last = count - 1
    if shown[-1] != last:
        # The last map is the one most looked at; it replaces a neighbour too close to it.
        if (last - shown[-1]) * step < (widths[shown[-1]] + widths[last]) / 2 + LABEL_GAP:
            shown.pop()
        shown.append(last)
    return shown


def _legend_rows(labels: Sequence[str], width: float) -> list[list[tuple[float, int]]]:
    """(x, line number) of each legend entry, row by row, wrapped inside the width."""
    rows: list[list[tuple[float, int]]] = [[]]
    at = 34.0
    for number, text in enumerate(labels):
        entry = 14 + text_width(text, FONT_SIZE) + 16
        if rows[-1] and at + entry - 16 > width - 4:
            rows.append([])
            at = 34.0
        rows[-1].append((at, number))
        at += entry
    return rows
