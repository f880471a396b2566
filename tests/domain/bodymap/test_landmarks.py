"""Landmarks on the head (eyes, nose, lips, ears): lines to aim by, never regions or targets."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from knotwork.domain import anatomy
from knotwork.domain.bodymap import geometry
from knotwork.domain.bodymap.render import interactive_svg, render_svg
from tools.bodymap.polygons import contains

NS = {"svg": "http://www.w3.org/2000/svg"}


def shape_of(view: geometry.FigureView, region_id: str) -> geometry.Shape:
    return next(s for s in geometry.shapes(view) if s.region == region_id)


def inside(view: geometry.FigureView, region_id: str, points: tuple[geometry.Point, ...]) -> bool:
    ring = list(shape_of(view, region_id).points)
    return all(contains(ring, p) for p in points)


def test_it_draws_eyes_nose_lips_and_ears_on_the_front_of_the_head() -> None:
    names = {found.name for found in geometry.landmarks("front")}
    for side in ("left", "right"):
        assert {f"eyelid_upper_{side}", f"eyelid_lower_{side}", f"iris_{side}"} <= names
        assert f"ear_helix_{side}" in names
    assert {"nose", "lips"} <= names
    # Behind, the ears stand out of the head beside the mastoid.
    assert {"ear_outline_left", "ear_outline_right"} == {f.name for f in geometry.landmarks("back")}


def test_it_names_no_landmark_after_a_region() -> None:
    for view in geometry.FIGURE_VIEWS:
        for found in geometry.landmarks(view):
            assert not anatomy.is_region(found.name), found.name


@pytest.mark.parametrize("side", ["left", "right"])
def test_it_puts_each_eye_in_its_own_eye_region_and_each_helix_in_its_ear(side: str) -> None:
    by_name = {found.name: found for found in geometry.landmarks("front")}
    for part in ("eyelid_upper", "eyelid_lower", "iris"):
        assert inside("front", f"eye_{side}", by_name[f"{part}_{side}"].points)
    assert inside("front", f"ear_{side}", by_name[f"ear_helix_{side}"].points)


def test_it_draws_the_nose_and_lips_down_the_middle_of_the_face() -> None:
    by_name = {found.name: found for found in geometry.landmarks("front")}
    for name in ("nose", "lips"):
        xs = [x for x, _ in by_name[name].points]
        assert min(xs) == -max(xs), f"{name} is not symmetric"
    chin = shape_of("front", "chin")
    lips_y = max(y for _, y in by_name["lips"].points)
    assert lips_y < min(y for _, y in chin.points), "the lips sit above the chin region"


def test_it_keeps_landmarks_out_of_the_tab_order_the_pointer_and_assistive_technology() -> None:
    root = ET.fromstring(interactive_svg())
    groups = root.findall(".//svg:g[@class='bodymap-landmarks']", NS)
    assert len(groups) == 2
    for group in groups:
        assert group.get("aria-hidden") == "true"
        assert group.get("pointer-events") == "none"
        lines = group.findall("svg:path", NS)
        assert lines
        for line in lines:
            assert line.get("tabindex") is None and line.get("role") is None
            assert line.get("data-region") is None
            assert not line.get("d", "").rstrip().endswith("Z"), "a landmark is a line, not a shape"


def test_it_draws_the_landmarks_on_the_server_picture_too() -> None:
    svg = render_svg(None)
    assert svg.count('class="bodymap-landmarks"') == 2
    assert 'data-landmark="nose"' in svg


def test_it_tells_the_widget_which_side_each_figure_shows_at_its_edges() -> None:
    root = ET.fromstring(interactive_svg())
    front = root.find(".//svg:g[@data-view='front']", NS)
    back = root.find(".//svg:g[@data-view='back']", NS)
    assert front is not None and back is not None
    # Facing us, the patient's right is on the viewer's left; from behind, their left.
    assert (front.get("data-viewer-left"), front.get("data-viewer-right")) == ("right", "left")
    assert (back.get("data-viewer-left"), back.get("data-viewer-right")) == ("left", "right")
    labels = root.findall(".//svg:text[@class='bodymap-side-label']", NS)
    assert sorted(t.text or "" for t in labels) == ["Left", "Left", "Right", "Right"]
