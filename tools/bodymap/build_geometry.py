"""Build the body-map geometry (front and back figures) and write `geometry.json`.

Run `python -m tools.bodymap.build_geometry` (from the repository root) after editing
`figure.py`; `tests/tools/test_bodymap_tools.py` rebuilds the geometry in memory and fails if
the stored file is stale. The script is a build tool, not part of the installed package: the
server only reads the data it writes (`knotwork/domain/bodymap/geometry.json`).

How the figure is made. Only the viewer's left half of each figure is drawn by hand, as named
nodes in figure units (x = 0 is the midline, negative x is the viewer's left; y grows downwards
from the top of the head at 0 to the soles near 495). Smooth outlines are `CURVES` through nodes
(centripetal Catmull-Rom), straight dividers are `LINES`. A region is the cycle of its corner
nodes: between two consecutive corners the boundary follows the curve or line holding both
(the one with the fewest nodes in between), or runs straight when none does. Because
neighbouring regions walk the very same curves and lines, they share their edges point for
point, so the shapes tile the silhouette with no gap and no overlap. The half figure is then
mirrored; midline regions (chin, sternum, sacrum ...) are joined with their mirror image.
"""

from __future__ import annotations

import itertools
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from knotwork.domain import anatomy
from knotwork.domain.bodymap import geometry
from tools.bodymap.figure import CURVES, HAND_DRAWN_SIDE, LANDMARKS, LINES, NODES, VIEWS
from tools.bodymap.polygons import (
    anchor,
    centroid,
    distance_to_ring,
    signed_area,
)

Point = tuple[float, float]

# The data file stays in the package, beside the module that reads it.
GEOMETRY_FILE = Path(geometry.__file__).with_name("geometry.json")
FORMAT_VERSION = 1
# Curves are sampled so that no straight piece is longer than this many figure units.
SAMPLE_STEP = 2.5


def _catmull_rom(points: list[Point]) -> list[list[Point]]:
    """Centripetal Catmull-Rom pieces through `points`: one sampled piece per pair of nodes."""
    padded = [
        _reflect(points[0], points[1]),
        *points,
        _reflect(points[-1], points[-2]),
    ]
    pieces: list[list[Point]] = []
    for i in range(1, len(padded) - 2):
        p0, p1, p2, p3 = padded[i - 1], padded[i], padded[i + 1], padded[i + 2]
        steps = max(1, math.ceil(math.dist(p1, p2) / SAMPLE_STEP))
        piece = [p1]
        piece += [_centripetal(p0, p1, p2, p3, k / steps) for k in range(1, steps)]
        piece.append(p2)
        pieces.append([_round(p) for p in piece])
    return pieces


def _reflect(end: Point, neighbour: Point) -> Point:
    return (2 * end[0] - neighbour[0], 2 * end[1] - neighbour[1])


def _centripetal(p0: Point, p1: Point, p2: Point, p3: Point, s: float) -> Point:
    """One point of the centripetal Catmull-Rom segment p1 -> p2 (Barry-Goldman pyramid)."""

    def knot(t: float, a: Point, b: Point) -> float:
        return t + float(max(math.dist(a, b), 1e-6) ** 0.5)

    t0 = 0.0
    t1 = knot(t0, p0, p1)
    t2 = knot(t1, p1, p2)
    t3 = knot(t2, p2, p3)
    t = t1 + (t2 - t1) * s

    def lerp(a: Point, b: Point, ta: float, tb: float) -> Point:
        wa, wb = (tb - t) / (tb - ta), (t - ta) / (tb - ta)
        return (wa * a[0] + wb * b[0], wa * a[1] + wb * b[1])

    a1 = lerp(p0, p1, t0, t1)
    a2 = lerp(p1, p2, t1, t2)
    a3 = lerp(p2, p3, t2, t3)
    b1 = lerp(a1, a2, t0, t2)
    b2 = lerp(a2, a3, t1, t3)
    return lerp(b1, b2, t1, t2)


def _round(point: Point) -> Point:
    # One decimal is a fifth of a pixel at the largest size the map is drawn; rounding here, once,
    # makes the points that two neighbours share identical.
    return (round(point[0], 1) + 0.0, round(point[1], 1) + 0.0)


@dataclass(frozen=True)
class _Path:
    """A chain of nodes whose consecutive pairs are joined by sampled pieces."""

    nodes: list[str]
    pieces: list[list[Point]]


def _paths() -> list[_Path]:
    paths = [_Path(nodes, _catmull_rom([NODES[n] for n in nodes])) for nodes in CURVES.values()]
    for nodes in LINES.values():
        pieces = [[_round(NODES[a]), _round(NODES[b])] for a, b in itertools.pairwise(nodes)]
        paths.append(_Path(nodes, pieces))
    return paths


def _walk(start: str, end: str, paths: list[_Path]) -> list[Point]:
    """Points from `start` to `end` (end excluded) along the closest path holding both."""
    best: list[Point] | None = None
    best_gap = math.inf
    for path in paths:
        if start not in path.nodes or end not in path.nodes:
            continue
        i, j = path.nodes.index(start), path.nodes.index(end)
        gap = abs(i - j) - 1
        if gap == best_gap:
            raise ValueError(f"two paths join {start} and {end} equally closely")
        if gap < best_gap:
            best_gap = gap
            if i < j:
                best = [p for piece in path.pieces[i:j] for p in piece[:-1]]
            else:
                best = [p for piece in reversed(path.pieces[j:i]) for p in reversed(piece[1:])]
    if best is None:
        return [_round(NODES[start])]
    return best


def _half_ring(corners: list[str], paths: list[_Path]) -> list[Point]:
    ring: list[Point] = []
    for a, b in zip(corners, corners[1:] + corners[:1], strict=True):
        ring.extend(_walk(a, b, paths))
    return ring


def _mirror(ring: list[Point]) -> list[Point]:
    return [(-x + 0.0, y) for x, y in reversed(ring)]


def _join_midline(half: list[Point]) -> list[Point]:
    """Join a midline region's half with its mirror image, dropping the shared midline edge."""
    n = len(half)
    on_midline = [x == 0 for x, _ in half]
    # The midline chain ends at a midline point whose successor leaves the midline.
    end = next(i for i in range(n) if on_midline[i] and not on_midline[(i + 1) % n])
    start = next(i for i in range(n) if on_midline[i] and not on_midline[(i - 1) % n])
    outside: list[Point] = []
    i = end
    while True:
        outside.append(half[i])
        if i == start:
            break
        i = (i + 1) % n
    inner = outside[1:-1]
    return outside + [(-x + 0.0, y) for x, y in reversed(inner)]


def _split_t_junctions(rings: dict[str, list[Point]]) -> None:
    """Insert into each edge any other shape's vertex lying on it, so shared edges match exactly."""
    cell = 4.0
    buckets: dict[tuple[int, int], set[Point]] = {}
    for ring in rings.values():
        for p in ring:
            buckets.setdefault((int(p[0] // cell), int(p[1] // cell)), set()).add(p)
    for region_id, ring in rings.items():
        out: list[Point] = []
        for a, b in zip(ring, ring[1:] + ring[:1], strict=True):
            out.append(a)
            nearby: set[Point] = set()
            for cx in range(int(min(a[0], b[0]) // cell) - 1, int(max(a[0], b[0]) // cell) + 2):
                for cy in range(int(min(a[1], b[1]) // cell) - 1, int(max(a[1], b[1]) // cell) + 2):
                    nearby |= buckets.get((cx, cy), set())
            between = [
                v
                for v in nearby
                if v not in (a, b)
                and min(a[0], b[0]) - 0.05 <= v[0] <= max(a[0], b[0]) + 0.05
                and min(a[1], b[1]) - 0.05 <= v[1] <= max(a[1], b[1]) + 0.05
                and distance_to_ring([a, b], v) < 0.05
            ]
            between.sort(key=lambda v: math.dist(a, v))
            out.extend(between)
        rings[region_id] = out


def build_view(view: str) -> dict[str, list[Point]]:
    """All region rings of one view, keyed by region id, clockwise on screen."""
    paths = _paths()
    drawn_side = HAND_DRAWN_SIDE[view]
    other_side = "left" if drawn_side == "right" else "right"
    rings: dict[str, list[Point]] = {}
    for stem, corners in VIEWS[view]:
        half = _half_ring(corners, paths)
        if any(x == 0 for x, _ in half) and _midline_stem(stem):
            rings[stem] = _join_midline(half)
        else:
            rings[f"{stem}_{drawn_side}"] = half
            rings[f"{stem}_{other_side}"] = _mirror(half)
    _split_t_junctions(rings)
    for region_id, ring in rings.items():
        if signed_area(ring) < 0:
            rings[region_id] = list(reversed(ring))
    return rings


def _midline_stem(stem: str) -> bool:
    found = anatomy.regions().get(stem)
    return found is not None and found.side == "midline"


def build_landmarks(view: str) -> list[dict[str, object]]:
    """The landmark lines of one view: named, sampled, mirrored or joined across the midline."""
    drawn_side = HAND_DRAWN_SIDE[view]
    other_side = "left" if drawn_side == "right" else "right"
    found: list[dict[str, object]] = []
    for name, points in LANDMARKS.get(view, []):
        pieces = _catmull_rom(points)
        line = [pieces[0][0]] + [p for piece in pieces for p in piece[1:]]
        if line[-1][0] == 0:
            joined = line + [(-x + 0.0, y) for x, y in reversed(line[:-1])]
            found.append({"name": name, "points": [[x, y] for x, y in joined]})
            continue
        found.append({"name": f"{name}_{drawn_side}", "points": [[x, y] for x, y in line]})
        mirrored = [(-x + 0.0, y) for x, y in line]
        found.append({"name": f"{name}_{other_side}", "points": [[x, y] for x, y in mirrored]})
    return found


def build() -> dict[str, object]:
    """The whole geometry document written to `geometry.json`."""
    views: dict[str, list[dict[str, Any]]] = {}
    for view in VIEWS:
        shapes = []
        for region_id, ring in build_view(view).items():
            shapes.append(
                {
                    "region": region_id,
                    "area": round(abs(signed_area(ring)), 2),
                    "centroid": [round(c, 1) for c in centroid(ring)],
                    "anchor": list(anchor(ring)),
                    "points": [[x, y] for x, y in ring],
                }
            )
        views[view] = shapes
    all_points = [p for shapes in views.values() for s in shapes for p in s["points"]]
    return {
        "format": FORMAT_VERSION,
        "about": (
            "Body-map figures generated by build_geometry.py; do not edit by hand. Figure units: "
            "x = 0 is the midline, y = 0 the top of the head, y grows downwards."
        ),
        "box": {
            "min_x": min(p[0] for p in all_points),
            "max_x": max(p[0] for p in all_points),
            "min_y": min(p[1] for p in all_points),
            "max_y": max(p[1] for p in all_points),
        },
        "views": views,
        "landmarks": {view: build_landmarks(view) for view in VIEWS},
    }


def render_json(document: dict[str, object]) -> str:
    """The stored text: one shape per line keeps diffs of the data file readable."""
    views = document["views"]
    assert isinstance(views, dict)
    lines = ["{"]
    for key in ("format", "about", "box"):
        lines.append(f"  {json.dumps(key)}: {json.dumps(document[key])},")
    lines.append('  "views": {')
    for v_index, (view, shapes) in enumerate(views.items()):
        lines.append(f"    {json.dumps(view)}: [")
        for s_index, shape in enumerate(shapes):
            comma = "," if s_index < len(shapes) - 1 else ""
            lines.append(f"      {json.dumps(shape, separators=(',', ':'))}{comma}")
        lines.append("    ]" + ("," if v_index < len(views) - 1 else ""))
    lines.append("  },")
    landmarks = document["landmarks"]
    assert isinstance(landmarks, dict)
    lines.append('  "landmarks": {')
    for v_index, (view, found) in enumerate(landmarks.items()):
        lines.append(f"    {json.dumps(view)}: [")
        for l_index, landmark in enumerate(found):
            comma = "," if l_index < len(found) - 1 else ""
            lines.append(f"      {json.dumps(landmark, separators=(',', ':'))}{comma}")
        lines.append("    ]" + ("," if v_index < len(landmarks) - 1 else ""))
    lines.append("  }")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> None:
    GEOMETRY_FILE.write_text(render_json(build()))
    print(f"wrote {GEOMETRY_FILE}")


if __name__ == "__main__":
    main()
