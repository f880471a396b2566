"""Long labels in the server-side SVG wrap inside the picture instead of being clipped."""

import re
import xml.etree.ElementTree as ET

from knotwork.domain.bodymap import geometry
from knotwork.domain.bodymap.render import Overlay, render_svg
from knotwork.domain.bodymap.textfit import text_width, wrap
from knotwork.domain.painmap import parse_marks

SVG = "{http://www.w3.org/2000/svg}"
# Average glyph widths (em) of these labels measured in Chromium with DejaVu Sans, one of the
# widest sans-serif fonts (about 0.50 regular, 0.55 bold), plus a tenth: a line that fits at
# these widths fits on screen, whatever the renderer's own estimate says.
AVERAGE_EM = {"regular": 0.55, "bold": 0.6}
LONG_LABEL = "Sternocleidomastoid, sternal (superficial) division (right side)"


def lines(svg: str) -> list[tuple[float, float, str]]:
    """(x, font size in em widths, text) of every left-aligned text element, in order."""
    root = ET.fromstring(svg)
    return [
        (
            float(t.get("x", 0)),
            float(t.get("font-size", 0))
            * AVERAGE_EM["bold" if t.get("font-weight") in ("600", "700") else "regular"],
            t.text or "",
        )
        for t in root.iter(f"{SVG}text")
        if t.get("text-anchor", "start") == "start"
    ]


def view_width(svg: str) -> float:
    found = re.search(r'viewBox="0 0 ([\d.]+) [\d.]+"', svg)
    assert found
    return float(found.group(1))


def assert_nothing_runs_past_the_edge(svg: str) -> None:
    width = view_width(svg)
    for x, glyph, text in lines(svg):
        assert x + len(text) * glyph <= width, text


def test_it_wraps_a_long_overlay_label_and_keeps_every_word() -> None:
    svg = render_svg(None, Overlay.of(essential=["neck_front_right"], label=LONG_LABEL))
    assert_nothing_runs_past_the_edge(svg)
    texts = [text for _, _, text in lines(svg)]
    start = next(i for i, text in enumerate(texts) if text.startswith("Sternocleidomastoid"))
    assert texts[start] != LONG_LABEL
    assert " ".join(texts[start : start + 2]) == LONG_LABEL


def test_it_wraps_the_inside_list_with_every_inner_region_marked_and_overlaid() -> None:
    inner = [region.id for region in geometry.inner_regions()]
    marked = parse_marks([{"region": r, "intensity": 7, "quality": "throbbing"} for r in inner])
    overlay = Overlay.of(essential=inner[:3], spillover=inner[3:], trigger_points=inner)
    svg = render_svg(marked, overlay, title="A title long enough to need a second line " * 2)
    assert_nothing_runs_past_the_edge(svg)
    text = " ".join(text for _, _, text in lines(svg))
    assert "back of the throat: 7/10, throbbing [spillover zone, trigger-point site]" in text


def test_it_moves_the_figures_down_when_the_title_takes_two_lines() -> None:
    short = render_svg(None, title="Pain map")
    long = render_svg(None, title="Pain map of " + "a very long patient name " * 4)
    offset = re.compile(r'<g transform="translate\(0 ([\d.]+)\)">')
    assert float(offset.findall(long)[0]) > float(offset.findall(short)[0])


def test_it_breaks_lines_at_spaces_and_cuts_only_a_word_too_long_for_any_line() -> None:
    assert wrap("upper trapezius", 1000, 10) == ["upper trapezius"]
    assert wrap("upper trapezius", text_width("trapezius", 10), 10) == ["upper", "trapezius"]
    cut = wrap("x" * 40, 100, 10)
    assert len(cut) > 1 and "".join(cut) == "x" * 40
    assert all(text_width(line, 10) <= 100 for line in cut)
    assert wrap("", 100, 10) == [""]
