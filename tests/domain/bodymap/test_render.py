"""Server-side body-map SVG and the interactive figures the drawing widget enhances."""

import json
import re
import xml.etree.ElementTree as ET

import pytest

from knotwork.domain import anatomy
from knotwork.domain.bodymap import geometry, palette
from knotwork.domain.bodymap.geometry import FigureView
from knotwork.domain.bodymap.render import Overlay, interactive_svg, render_svg
from knotwork.domain.painmap import parse_marks

NS = {"svg": "http://www.w3.org/2000/svg"}


def figure_shapes(svg: str, view: str) -> list[ET.Element]:
    root = ET.fromstring(svg)
    figure = root.find(f".//svg:g[@data-view='{view}']", NS)
    assert figure is not None
    return figure.findall(".//svg:path[@data-region]", NS)


@pytest.mark.parametrize("view", ["front", "back"])
def test_it_puts_each_region_in_the_interactive_svg_once_per_view(view: FigureView) -> None:
    shapes = figure_shapes(interactive_svg(), view)
    ids = [shape.get("data-region", "") for shape in shapes]
    assert sorted(ids) == sorted(r.id for r in anatomy.regions_in_view(view))
    assert len(ids) == len(set(ids))


def test_it_keeps_inner_regions_off_the_figures() -> None:
    svg = interactive_svg()
    for region in geometry.inner_regions():
        assert f'data-region="{region.id}"' not in svg


def test_it_makes_every_shape_a_labelled_focusable_button_in_reading_order() -> None:
    svg = interactive_svg()
    for view in ("front", "back"):
        shapes = figure_shapes(svg, view)
        assert [s.get("data-region") for s in shapes] == geometry.drawn_regions(view)
        for shape in shapes:
            region = anatomy.region(shape.get("data-region", ""))
            assert shape.get("tabindex") == "0"
            assert shape.get("role") == "button"
            assert shape.get("aria-label") == region.full_label
            title = shape.find("svg:title", NS)
            assert title is not None and title.text == region.full_label
    assert svg.index('data-view="front"') < svg.index('data-view="back"')


def test_it_offers_zoom_presets_that_include_the_whole_body() -> None:
    root = ET.fromstring(interactive_svg())
    presets = json.loads(root.get("data-zoom", ""))
    assert presets[0]["viewBox"] == root.get("viewBox")
    assert {"front-head", "back-head"} <= {p["id"] for p in presets}


def test_it_marks_prefilled_regions_in_the_interactive_svg() -> None:
    svg = interactive_svg(parse_marks([{"region": "hand_ulnar_left", "intensity": 4}]))
    for view in ("front", "back"):
        shape = next(
            s for s in figure_shapes(svg, view) if s.get("data-region") == "hand_ulnar_left"
        )
        assert shape.get("data-intensity") == "4"
        assert shape.get("aria-pressed") == "true"


def fills(svg: str) -> dict[str, str]:
    root = ET.fromstring(svg)
    return {
        path.get("data-region", ""): path.get("fill", "")
        for path in root.iter(f"{{{NS['svg']}}}path")
        if path.get("data-region")
    }


def test_it_colours_a_pain_map_by_intensity_and_leaves_the_rest_grey() -> None:
    found = parse_marks(
        [
            {"region": "low_back_left", "intensity": 7},
            {"region": "temple_right", "intensity": 2},
            {"region": "jaw_left", "intensity": 0},
        ]
    )
    colours = fills(render_svg(found))
    assert colours["low_back_left"] == palette.INTENSITY[7]
    assert colours["temple_right"] == palette.INTENSITY[2]
    assert colours["jaw_left"] == palette.INTENSITY[0]
    assert colours["scapula_left"] == palette.UNMARKED
    assert len(set(palette.INTENSITY) | {palette.UNMARKED}) == 12


def test_it_draws_an_empty_map_with_labels_and_legend() -> None:
    svg = render_svg(None)
    texts = [t.text for t in ET.fromstring(svg).iter(f"{{{NS['svg']}}}text")]
    for label in ("Front", "Back", "Left", "Right", "not marked"):
        assert label in texts
    assert texts.count("Left") == 2 and texts.count("Right") == 2
    assert set(fills(svg).values()) == {palette.UNMARKED}
    assert "<script" not in svg


def test_it_escapes_text_in_titles() -> None:
    svg = render_svg(None, title='Map <script>alert("x")</script> & co')
    assert "<script>" not in svg
    root = ET.fromstring(svg)
    assert root.get("aria-label") == 'Map <script>alert("x")</script> & co'


def test_it_lists_marked_inner_regions_under_the_figures() -> None:
    found = parse_marks([{"region": "teeth_upper_left", "intensity": 6, "quality": "throbbing"}])
    svg = render_svg(found)
    assert "Upper teeth and gum (left): 6/10, throbbing" in svg
    assert "Lower teeth" not in svg


def test_it_overlays_essential_zones_solid_spillover_hatched_and_trigger_points() -> None:
    overlay = Overlay.of(
        essential=["temple_right"],
        spillover=["eye_right", "teeth_upper_right"],
        trigger_points=["shoulder_top_right"],
        label="Upper trapezius",
    )
    svg = render_svg(None, overlay)
    temple = next(s for s in geometry.shapes("front") if s.region == "temple_right")
    essential = re.findall(rf'fill="{palette.ESSENTIAL}" fill-opacity', svg)
    hatched = re.findall(r'<path d="[^"]+" fill="url\(#bm-hatch\)"', svg)
    assert len(essential) == 2  # the zone and its legend swatch
    assert len(hatched) == 1  # eye_right; the teeth are listed instead
    assert "Upper teeth and gum (right) [spillover zone]" in svg
    assert f'stroke="{palette.TRIGGER_POINT}" stroke-width="1.6"' in svg
    assert "Essential zone (solid)" in svg and "Spillover zone (hatched)" in svg
    assert "Upper trapezius" in svg
    assert temple.area > 0


def test_it_refuses_an_overlay_with_an_unknown_region() -> None:
    with pytest.raises(anatomy.UnknownRegion):
        Overlay.of(essential=["elbow_middle"])
