"""The server-side line charts: no label is ever cut off at an edge or written over another."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import pytest

from knotwork.common.charts import Line, line_chart
from knotwork.domain.bodymap.textfit import text_width

NS = {"svg": "http://www.w3.org/2000/svg"}


@dataclass(frozen=True)
class Label:
    text: str
    left: float
    right: float
    top: float
    bottom: float


def labels(svg: str) -> tuple[ET.Element, list[Label]]:
    """Every text of the chart with its estimated box (the same estimate a font engine would
    exceed only for fonts wider than DejaVu Sans)."""
    root = ET.fromstring(svg)
    size = float(root.get("font-size", "11"))
    found = []
    for text in root.iter(f"{{{NS['svg']}}}text"):
        content = text.text or ""
        own = float(text.get("font-size", size))
        x, y = float(text.get("x", "0")), float(text.get("y", "0"))
        width = text_width(content, own)
        anchor = text.get("text-anchor", "start")
        left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
        found.append(Label(content, left, left + width, y - own, y + own * 0.25))
    return root, found


def view_box(root: ET.Element) -> tuple[float, float]:
    _, _, width, height = (float(n) for n in root.get("viewBox", "").split())
    return width, height


CASES = {
    # The bug of issue 15: several maps on one day, "01 Dec 07:15" cut to "01 Dec 07:1".
    "same-day times": [f"01 Dec 0{h}:15" for h in range(7, 10)],
    "two columns": ["01 Dec 07:15", "01 Dec 19:45"],
    "a year of visits": [f"{d:02d} {m}" for m in ("Jan", "Feb", "Mar", "Apr") for d in (3, 17)],
    "many maps in a day": [f"01 Dec {h:02d}:{m:02d}" for h in range(8, 20) for m in (0, 30)],
    "one column": ["Baseline"],
    "long session names": ["Before the first session", "After session 4", "End of course"],
}


@pytest.mark.parametrize("columns", CASES.values(), ids=CASES.keys())
def test_it_keeps_every_label_inside_the_chart(columns: list[str]) -> None:
    values = [float(i % 11) for i in range(len(columns))]
    notes = ["no pain" if i % 3 == 1 else "" for i in range(len(columns))]
    svg = line_chart(
        "Worst pain (0-10)",
        columns,
        [Line("Worst pain", values), Line("Average pain over the past week", values)],
        low=0,
        high=10,
        notes=notes,
    )
    root, found = labels(svg)
    width, height = view_box(root)
    for label in found:
        assert label.left >= 0 and label.right <= width, f"{label.text!r} runs past the side"
        assert label.top >= 0 and label.bottom <= height, f"{label.text!r} runs past the top/bottom"


@pytest.mark.parametrize("columns", CASES.values(), ids=CASES.keys())
def test_it_never_writes_one_column_label_over_another(columns: list[str]) -> None:
    svg = line_chart("Extent", columns, [Line("Extent", [1.0] * len(columns))], low=0, high=10)
    _, found = labels(svg)
    column_labels = sorted((lb for lb in found if lb.text in columns), key=lambda lb: lb.left)
    for before, after in itertools.pairwise(column_labels):
        assert before.right < after.left, f"{before.text!r} overlaps {after.text!r}"
    # The newest column is the one most looked at: always labelled, and every point keeps its
    # column in its tooltip.
    assert column_labels[-1].text == columns[-1]
    assert svg.count("<circle") == len(columns)
    for column in columns:
        assert f"Extent, {column}: 1</title>" in svg


def test_it_wraps_a_legend_wider_than_the_chart_onto_more_rows() -> None:
    names = [f"A long series name number {n}" for n in range(5)]
    svg = line_chart("Scores", ["a", "b"], [Line(n, [1.0, 2.0]) for n in names], low=0, high=5)
    root, found = labels(svg)
    width, _ = view_box(root)
    legend = [lb for lb in found if lb.text in names]
    assert len({lb.bottom for lb in legend}) > 1, "the legend stays on one row"
    assert all(lb.right <= width for lb in legend)
    plot = root.find("svg:rect[@fill='#fff']", NS)
    assert plot is not None
    assert float(plot.get("y", "0")) >= max(lb.bottom for lb in legend), "legend over the plot"


def test_it_writes_a_columns_note_under_its_label_and_in_its_tooltip() -> None:
    svg = line_chart(
        "Worst pain (0-10)",
        ["01 Dec", "08 Dec"],
        [Line("Worst pain", [6, 0])],
        low=0,
        high=10,
        notes=["", "no pain"],
    )
    _, found = labels(svg)
    date = next(lb for lb in found if lb.text == "08 Dec")
    note = next(lb for lb in found if lb.text == "no pain")
    assert note.top >= date.top and abs((note.left + note.right) - (date.left + date.right)) < 1
    assert "Worst pain, 08 Dec: 0 (no pain)</title>" in svg


def test_it_draws_nothing_without_a_value() -> None:
    assert line_chart("Empty", ["a"], [Line("x", [None])], low=0, high=1) == ""


@pytest.mark.parametrize("columns", CASES.values(), ids=CASES.keys())
def test_it_keeps_every_bar_chart_label_inside_the_chart(columns: list[str]) -> None:
    from knotwork.common.charts import bar_chart

    values: list[float | None] = [float(i % 11) for i in range(len(columns))]
    svg = bar_chart(
        "Share (%)",
        columns,
        [Line("This clinic", values), Line("US adults", values)],
        low=0,
        high=10,
        notes=["fewer than 5" if i % 3 == 1 else "" for i in range(len(columns))],
    )
    root, found = labels(svg)
    width, height = view_box(root)
    for label in found:
        assert label.left >= 0 and label.right <= width, f"{label.text!r} runs past the side"
        assert label.top >= 0 and label.bottom <= height, f"{label.text!r} runs past the top/bottom"


def test_it_draws_a_bar_per_value_and_none_for_a_missing_one() -> None:
    from knotwork.common.charts import bar_chart

    svg = bar_chart(
        "Share (%)",
        ["Low back", "Neck", "Elsewhere"],
        [Line("This clinic", [50.0, 25.0, None]), Line("US adults", [27.0, 15.0, None])],
        low=0,
        high=100,
    )
    root = ET.fromstring(svg)
    heights = {}
    for rect in root.iter(f"{{{NS['svg']}}}rect"):
        title = rect.find("svg:title", NS)
        if title is not None and title.text:
            heights[title.text] = float(rect.get("height", "0"))
    assert len(heights) == 4
    assert heights["This clinic, Low back: 50"] == pytest.approx(
        2 * heights["This clinic, Neck: 25"]
    )
    assert "Elsewhere: " not in svg.replace("Elsewhere</text>", "")
