"""Which body-map regions touch each other on the drawn figures (for the finder's adjacent hits).

Reference B.1 suggests crediting a painful region next to a referral zone a little (0.2): the
atlas regions are coarse, and a patient's drawing of a zone's edge often lands on the
neighbouring region. The atlas has no adjacency of its own, so it is derived from the body-map
shapes (`knotwork.domain.bodymap`): two regions are neighbours when their outlines come within
`TOUCH_DISTANCE` figure units of each other on the same figure. Inner regions (teeth, mouth,
pelvic floor) have no shape and no neighbours.

Deriving it takes about half a second, so the result ships as `adjacency.json` beside this
module; a test checks that the file still matches the shapes (`derive()`).
"""

from __future__ import annotations

import json
import math
from functools import cache
from importlib import resources

from knotwork.domain.bodymap import geometry

TOUCH_DISTANCE = 1.0
Point = tuple[float, float]


@cache
def neighbours() -> dict[str, frozenset[str]]:
    """Region id -> the regions that touch it on a figure."""
    text = resources.files("knotwork.domain.referral").joinpath("adjacency.json").read_text()
    return {region: frozenset(near) for region, near in json.loads(text).items()}


def derive() -> dict[str, list[str]]:
    """Compute the neighbours from the body-map shapes (what `adjacency.json` holds)."""
    found: dict[str, set[str]] = {}
    for view in geometry.FIGURE_VIEWS:
        shapes = geometry.shapes(view)
        for index, first in enumerate(shapes):
            for second in shapes[index + 1 :]:
                if _touch(first.points, second.points):
                    found.setdefault(first.region, set()).add(second.region)
                    found.setdefault(second.region, set()).add(first.region)
    return {region: sorted(near) for region, near in sorted(found.items())}


def _touch(a: tuple[Point, ...], b: tuple[Point, ...]) -> bool:
    if not _boxes_meet(a, b):
        return False
    return _closest(a, b) <= TOUCH_DISTANCE or _closest(b, a) <= TOUCH_DISTANCE


def _boxes_meet(a: tuple[Point, ...], b: tuple[Point, ...]) -> bool:
    gap = TOUCH_DISTANCE
    return not (
        min(p[0] for p in a) > max(p[0] for p in b) + gap
        or min(p[0] for p in b) > max(p[0] for p in a) + gap
        or min(p[1] for p in a) > max(p[1] for p in b) + gap
        or min(p[1] for p in b) > max(p[1] for p in a) + gap
    )


def _closest(points: tuple[Point, ...], outline: tuple[Point, ...]) -> float:
    edges = list(zip(outline, outline[1:] + outline[:1], strict=True))
    return min(_to_segment(p, start, end) for p in points for start, end in edges)


def _to_segment(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = dx * dx + dy * dy
    t = (
        0.0
        if length == 0
        else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length))
    )
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)
