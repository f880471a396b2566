"""What the intake pages show: a small SVG chart of one instrument's scores over time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.utils.safestring import SafeString, mark_safe

from knotwork.common.charts import Line, line_chart
from knotwork.domain import outcomes


def score_chart(instrument: str, name: str, points: Sequence[tuple[datetime, float]]) -> SafeString:
    """Scores in time order as an inline SVG; the dashed line marks the baseline score. The axis
    is the instrument's score range (its definition's scoring.range, reference D)."""
    if instrument in outcomes.INSTRUMENT_IDS:
        low, high = outcomes.instrument(instrument).score_range
    else:
        low, high = 0, max((p[1] for p in points), default=1) or 1
    columns = [f"{when:%d %b}" for when, _ in points]
    values = [value for _, value in points]
    chart = line_chart(
        f"{name}: {len(points)} scores",
        columns,
        [Line(name, values)],
        low=low,
        high=high,
        baseline=values[0] if values else None,
        width=360,
        height=150,
    )
    # line_chart interpolates only numbers and escaped text.
    return mark_safe(chart)
