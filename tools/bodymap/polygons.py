"""Plane geometry of simple polygons (rings of points, y downwards): area, centroid, tests."""

from __future__ import annotations

import math

Point = tuple[float, float]


def signed_area(ring: list[Point]) -> float:
    """Shoelace area; positive when the ring runs clockwise on screen (y grows downwards)."""
    total = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        total += x1 * y2 - x2 * y1
    return total / 2


def centroid(ring: list[Point]) -> Point:
    """The area centroid of a simple polygon."""
    a = signed_area(ring)
    cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    return (cx / (6 * a), cy / (6 * a))


def contains(ring: list[Point], point: Point) -> bool:
    """Even-odd ray casting: is `point` inside the polygon?"""
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def distance_to_ring(ring: list[Point], point: Point) -> float:
    best = math.inf
    px, py = point
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        dx, dy = x2 - x1, y2 - y1
        length2 = dx * dx + dy * dy
        s = 0.0 if length2 == 0 else max(0.0, min(1.0, ((px - x1) * dx + (py - y1) * dy) / length2))
        best = min(best, math.hypot(px - (x1 + s * dx), py - (y1 + s * dy)))
    return best


def anchor(ring: list[Point]) -> Point:
    """A point well inside the shape (farthest from its edges on a fine grid), for labels."""
    xs = [x for x, _ in ring]
    ys = [y for _, y in ring]
    best, best_distance = centroid(ring), -1.0
    if contains(ring, best):
        best_distance = distance_to_ring(ring, best)
    step = max(0.5, min(max(xs) - min(xs), max(ys) - min(ys)) / 12)
    y = min(ys) + step / 2
    while y < max(ys):
        x = min(xs) + step / 2
        while x < max(xs):
            if contains(ring, (x, y)):
                distance = distance_to_ring(ring, (x, y))
                if distance > best_distance + 0.25:
                    best, best_distance = (x, y), distance
            x += step
        y += step
    return (round(best[0], 1), round(best[1], 1))
