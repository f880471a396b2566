"""The body-map geometry: one closed shape per drawable region on the front and back figures.

The shapes come from `geometry.json`, written by `tools/bodymap/build_geometry.py` (outside the
package). Coordinates are figure units: x = 0 is the figure's midline, y = 0 the top of the
head, y grows downwards (SVG convention). Left and right in region ids are the patient's: on
the front figure the patient's left is on the viewer's right (positive x); on the back figure
it is on the viewer's left.
Regions with `view: inner` (teeth, mouth, pelvic floor) have no shape and count zero area.
Landmarks (eyes, nose, lips, ears) are lines to aim by, drawn over the figures: not regions.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

from knotwork.domain import anatomy

FigureView = Literal["front", "back"]
FIGURE_VIEWS: tuple[FigureView, ...] = ("front", "back")
Point = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Shape:
    """The drawn shape of one region on one figure."""

    region: str
    view: FigureView
    points: tuple[Point, ...]
    area: float
    centroid: Point
    anchor: Point

    @property
    def d(self) -> str:
        """The SVG path data of the shape, in figure units."""
        return path_d(self.points)


@dataclass(frozen=True, slots=True)
class Landmark:
    """A line drawn over a figure so a patient can aim (an eye, the nose, the lips, an ear).

    Not a region: nothing is marked on it, it is neither focusable nor clickable, and it adds
    no area.
    """

    name: str
    view: FigureView
    points: tuple[Point, ...]

    @property
    def d(self) -> str:
        """The SVG path data of the (open) line, in figure units."""
        return path_d(self.points, closed=False)


@dataclass(frozen=True, slots=True)
class Box:
    """The bounding box of both figures, in figure units."""

    min_x: float
    max_x: float
    min_y: float
    max_y: float

    @property
    def width(self) -> float:
        return self.max_x - self.min_x

    @property
    def height(self) -> float:
        return self.max_y - self.min_y


def path_d(
    points: tuple[Point, ...] | list[Point],
    dx: float = 0.0,
    dy: float = 0.0,
    *,
    closed: bool = True,
) -> str:
    """SVG path data for a closed polygon (or an open line), optionally shifted by (dx, dy)."""
    parts = [f"{_num(x + dx)} {_num(y + dy)}" for x, y in points]
    return "M" + " L".join(parts) + (" Z" if closed else "")


def _num(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


@cache
def _document() -> dict[str, object]:
    text = resources.files("knotwork.domain.bodymap").joinpath("geometry.json").read_text()
    document: dict[str, object] = json.loads(text)
    return document


@cache
def _shapes_by_view() -> dict[FigureView, tuple[Shape, ...]]:
    views = _document()["views"]
    assert isinstance(views, dict)
    order = {region_id: index for index, region_id in enumerate(anatomy.regions())}
    found: dict[FigureView, tuple[Shape, ...]] = {}
    for view in FIGURE_VIEWS:
        shapes = [
            Shape(
                region=row["region"],
                view=view,
                points=tuple((float(x), float(y)) for x, y in row["points"]),
                area=float(row["area"]),
                centroid=(float(row["centroid"][0]), float(row["centroid"][1])),
                anchor=(float(row["anchor"][0]), float(row["anchor"][1])),
            )
            for row in views[view]
        ]
        # Atlas order runs head to feet and the patient's left before right, which is also a
        # sensible reading and keyboard order.
        found[view] = tuple(sorted(shapes, key=lambda shape: order[shape.region]))
    return found


@cache
def _landmarks_by_view() -> dict[FigureView, tuple[Landmark, ...]]:
    raw = _document().get("landmarks") or {}
    assert isinstance(raw, dict)
    return {
        view: tuple(
            Landmark(
                name=row["name"],
                view=view,
                points=tuple((float(x), float(y)) for x, y in row["points"]),
            )
            for row in raw.get(view, [])
        )
        for view in FIGURE_VIEWS
    }


def landmarks(view: FigureView) -> tuple[Landmark, ...]:
    """The landmark lines of one figure (eyes, nose, lips and ears on the front; ears behind)."""
    if view not in FIGURE_VIEWS:
        raise ValueError(f"no figure for view {view!r}; use 'front' or 'back'")
    return _landmarks_by_view()[view]


def shapes(view: FigureView) -> tuple[Shape, ...]:
    """The shapes of one figure ("front" or "back") in atlas order (head to feet, left first)."""
    if view not in FIGURE_VIEWS:
        raise ValueError(f"no figure for view {view!r}; use 'front' or 'back'")
    return _shapes_by_view()[view]


@cache
def _areas() -> dict[str, float]:
    totals: dict[str, float] = dict.fromkeys(anatomy.regions(), 0.0)
    for view in FIGURE_VIEWS:
        for shape in shapes(view):
            totals[shape.region] += shape.area
    return totals


def area(region_id: str) -> float:
    """Drawn area of a region summed over the figures showing it; 0 for inner regions."""
    anatomy.region(region_id)
    return _areas()[region_id]


def view_area(view: FigureView) -> float:
    """The area of one whole figure (its silhouette)."""
    return sum(shape.area for shape in shapes(view))


def total_area() -> float:
    """The body surface as drawn: the front figure's area plus the back figure's."""
    return sum(view_area(view) for view in FIGURE_VIEWS)


def box() -> Box:
    """The bounding box shared by both figures."""
    raw = _document()["box"]
    assert isinstance(raw, dict)
    return Box(raw["min_x"], raw["max_x"], raw["min_y"], raw["max_y"])


def drawn_regions(view: FigureView) -> list[str]:
    """Region ids drawn on one figure, in atlas order."""
    return [shape.region for shape in shapes(view)]


def inner_regions() -> list[anatomy.Region]:
    """Regions with no shape (teeth, mouth, pelvic floor): offered as a pick-list instead."""
    return [found for found in anatomy.regions().values() if found.view == "inner"]
