"""Build the body-map geometry (front and back figures) and write `geometry.json`.

Run `python -m knotwork.domain.bodymap.build_geometry` after editing the figure below; a test
rebuilds the geometry in memory and fails if the stored file is stale.

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

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from knotwork.domain import anatomy

Point = tuple[float, float]
HalfSide = Literal["viewer_left", "viewer_right"]

GEOMETRY_FILE = Path(__file__).with_name("geometry.json")
FORMAT_VERSION = 1
# Curves are sampled so that no straight piece is longer than this many figure units.
SAMPLE_STEP = 2.5

NODES: dict[str, Point] = {
    # Head outline, top of the head to the bottom of the chin.
    "H0": (0, 0),
    "H1": (-11, 2.5),
    "H2": (-17.5, 9),
    "H3": (-21, 20),
    "H4": (-21.5, 28),
    "MS0": (-21.5, 34),
    "H5": (-21, 42),
    "H6": (-19, 49),
    "MS3": (-16.5, 53),
    "H7": (-13, 56),
    "H8": (-7, 60),
    "Q1": (-5, 60.5),
    "H9": (0, 61.2),
    # Ear (front view only), bulging out of the head outline between H4 and H5.
    "E1": (-24.5, 27.5),
    "E2": (-26.5, 31),
    "E3": (-26, 37),
    "E4": (-23.5, 42.5),
    # Face.
    "BM": (0, 21),
    "B1": (-14.5, 20.5),
    "K1": (-15.5, 29),
    "K2": (-16, 34),
    "EB": (0, 34),
    "K3": (-16.5, 42),
    "J1": (-9, 47),
    "C1": (0, 48),
    # Back of the head.
    "CR0": (0, 18),
    "CR1": (-10, 15),
    "MS4": (-13, 50),
    "MS5": (-15, 38),
    "OC0": (0, 50),
    # Neck and shoulder outline, from the jaw to the wrist.
    "N1": (-12.5, 63),
    "NB1": (-12.8, 66),
    "N2": (-13.8, 71),
    "N3": (-18, 76.5),
    "NS": (-24, 80),
    "N4": (-31, 83),
    "S1": (-41, 86.5),
    "S2": (-48.5, 90),
    "S3": (-54.5, 99),
    "S4": (-56.5, 111),
    "A1": (-57, 121),
    "A3": (-59.5, 150),
    "EL0": (-61.5, 170),
    "EL1": (-62.5, 181),
    "EL2": (-64, 192),
    "FA1": (-67.5, 212),
    # Inner side of the arm, from the armpit (axilla) to the wrist.
    "AX": (-40, 124),
    "A4": (-44.5, 150),
    "EM0": (-47.5, 170),
    "EM1": (-48.5, 181),
    "EM2": (-50, 192),
    "FA2": (-54.5, 212),
    "DI": (-49, 130),
    # Front of the neck and chest.
    "NB0": (0, 66),
    "N0": (0, 84),
    "Cl1": (-6, 84),
    "Cl2": (-24, 83.5),
    "Cl3": (-35, 85.5),
    "D1": (-38, 108),
    "P1": (-31, 128),
    "P2": (-30, 146),
    "P3": (-29, 163),
    "St2": (-6, 128),
    "St3": (-5, 140),
    "X0": (0, 146),
    "CM1": (-14, 154),
    # Side of the trunk and outer leg outline, from the armpit to the outer ankle.
    "T1b": (-39.5, 132),
    "T2": (-37.5, 150),
    "T3": (-35, 165),
    "T4": (-33, 178),
    "T5": (-35.5, 195),
    "T6": (-38.5, 206),
    "T6b": (-40.5, 214),
    "T7": (-42.5, 228),
    "G1": (-43, 236),
    "L1": (-42.6, 252),
    "HLb": (-42.2, 262),
    "L2": (-39.5, 290),
    "L3": (-34.5, 322),
    "L4": (-31, 341),
    "L5": (-30, 358),
    "L6": (-30.5, 373),
    "L7": (-31.5, 392),
    "L8": (-28, 420),
    "HL": (-24, 442),
    "L10": (-21, 458),
    # Abdomen and pelvis, front.
    "NV0": (0, 173),
    "NV1": (-7, 175),
    "NV2": (-9.5, 185),
    "NV3": (-7, 195),
    "NV4": (0, 197),
    "I2": (-27, 222),
    "PB0": (0, 226),
    "PB1": (-13, 229),
    "PB2": (-10, 251),
    "G2": (-27, 244),
    "G3": (-17, 248),
    "CR": (0, 258),
    # Inner leg outline, from the crotch to the inner ankle.
    "M1": (-2, 270),
    "GF2": (-2.8, 282),
    "M2": (-5, 305),
    "M3": (-8.5, 330),
    "M4": (-10, 341),
    "M5": (-9.5, 358),
    "M6": (-10.5, 373),
    "M7": (-12.5, 395),
    "M8": (-11.5, 425),
    "HM": (-11, 442),
    "M10": (-11.5, 458),
    # Front of the leg.
    "TI": (-20, 295),
    "KI": (-19, 341),
    # Foot seen from the front (its lower part is the sole on the back view).
    "F1": (-24, 470),
    "F2": (-25.5, 481),
    "F3": (-23.5, 490),
    "F4": (-16, 493.5),
    "F5": (-8.5, 491.5),
    "F6": (-6.5, 484),
    "F7": (-8.5, 470),
    # Back: spine strips, neck, shoulder blade.
    "U0": (0, 84),
    "U1": (-5, 84),
    "U2": (-5, 148),
    "U3": (0, 148),
    "NL2": (-19, 85),
    "ST1": (-30, 89),
    "ST2": (-40, 92.5),
    "ST3": (-45, 97),
    "SP0": (-15, 104),
    "SB1": (-43, 110),
    "MB1": (-16.5, 126),
    "IA": (-22, 148),
    "MLb": (-22, 178),
    # Back: low back, pelvis, buttock.
    "LS0": (0, 178),
    "LS1": (-5, 178),
    "LS2": (-5, 220),
    "LB1": (-18, 178),
    "IC_u0": (-12, 213),
    "IC_u1": (-22, 203),
    "IC_u2": (-33, 201),
    "IC_l1": (-24, 211),
    "IC_l2": (-34.5, 210.5),
    "SA0": (0, 220),
    "SA1": (-12, 220),
    "SA2": (-9, 236),
    "SA3": (-5, 244),
    "SA4": (0, 245),
    "SI1": (-18, 222),
    "SI2": (-16, 234),
    "CX1": (-2.5, 254),
    "HL2": (-35, 240),
    "HL3": (-34.5, 262),
    "BB1": (-20, 247),
    "GF1": (-20, 279),
    # Back of the leg.
    "TLi1": (-32, 295),
    "TLi2": (-24, 341),
    "LLi1": (-23, 373),
    "LLi2": (-22, 415),
    "LLi_h": (-19, 442),
    "LLi3": (-17.5, 456),
}

# The hand hangs in line with the forearm, palm forward (anatomical position), so the thumb is on
# the outer side on both views. It is drawn in its own frame: v across the hand (positive towards
# the thumb), u along it from the wrist towards the fingertips.
_WRIST_CENTRE: Point = (-65.5, 247)
_ELBOW_CENTRE: Point = (-55.5, 181)
_HAND_OUTLINE_LOCAL: list[tuple[str, float, float]] = [
    ("WL", 6, 0),
    ("HO1", 7.6, 6),
    ("HO2", 9.6, 12),
    ("HO3", 11, 18),
    ("HO4", 10.8, 23.5),
    ("HO5", 9.3, 25.5),
    ("HO6", 8.2, 24.6),
    ("HO7", 7.4, 29),
    ("HO8", 7, 37),
    ("HO9", 5.8, 44.5),
    ("HO10", 3.4, 49),
    ("HS_tip", -1.8, 50.4),
    ("HO11", -4.6, 48.6),
    ("HO12", -6.2, 45),
    ("HO13", -7.3, 37),
    ("HO14", -7.6, 28),
    ("HO15", -7.4, 18),
    ("HO16", -6.6, 8),
    ("WM", -6, 0),
]
_HAND_SPLIT_LOCAL: list[tuple[str, float, float]] = [("WC", 0, 0), ("HS1", -1, 26)]


def _hand_nodes() -> dict[str, Point]:
    """Place the hand's nodes in figure units along the forearm's axis."""
    dx = _WRIST_CENTRE[0] - _ELBOW_CENTRE[0]
    dy = _WRIST_CENTRE[1] - _ELBOW_CENTRE[1]
    length = math.hypot(dx, dy)
    along = (dx / length, dy / length)
    # The perpendicular pointing away from the body (towards negative x) is the thumb side.
    across = (-along[1], along[0])
    placed: dict[str, Point] = {}
    for name, v, u in _HAND_OUTLINE_LOCAL + _HAND_SPLIT_LOCAL:
        x = _WRIST_CENTRE[0] + u * along[0] + v * across[0]
        y = _WRIST_CENTRE[1] + u * along[1] + v * across[1]
        placed[name] = (round(x, 2), round(y, 2))
    return placed


NODES.update(_hand_nodes())

# Smooth outlines (silhouette) and a few smooth inner lines.
CURVES: dict[str, list[str]] = {
    "head": ["H0", "H1", "H2", "H3", "H4", "MS0", "H5", "H6", "MS3", "H7", "H8", "Q1", "H9"],
    "ear": ["H4", "E1", "E2", "E3", "E4", "H5"],
    "neck_arm_outer": [
        "H7", "N1", "NB1", "N2", "N3", "NS", "N4", "S1", "S2", "S3", "S4", "A1", "A3",
        "EL0", "EL1", "EL2", "FA1", "WL",
    ],
    "hand": [name for name, _, _ in _HAND_OUTLINE_LOCAL],
    "arm_inner": ["AX", "A4", "EM0", "EM1", "EM2", "FA2", "WM"],
    "trunk_leg_outer": [
        "AX", "T1b", "T2", "T3", "T4", "T5", "T6", "T6b", "T7", "G1", "L1", "HLb", "L2",
        "L3", "L4", "L5", "L6", "L7", "L8", "HL", "L10",
    ],
    "foot": ["L10", "F1", "F2", "F3", "F4", "F5", "F6", "F7", "M10"],
    "leg_inner": [
        "CR", "M1", "GF2", "M2", "M3", "M4", "M5", "M6", "M7", "M8", "HM", "M10",
    ],
    "iliac_upper": ["IC_u0", "IC_u1", "IC_u2", "T6"],
    "navel": ["NV0", "NV1", "NV2", "NV3", "NV4"],
}  # fmt: skip

# Straight dividers that run between two nodes which also share a curve.
LINES: dict[str, list[str]] = {
    "ankle": ["L10", "M10"],
    "heel_sole": ["F1", "F7"],
    "hand_split": ["WC", "HS1", "HS_tip"],
    "navel_midline": ["NV0", "NV4"],
}

# Half-figure regions: (id stem, corner cycle). For a paired stem the half is one side; for a
# midline id the half is joined with its mirror image along the midline.
FRONT: list[tuple[str, list[str]]] = [
    ("forehead", ["H0", "H2", "B1", "BM"]),
    ("temple", ["H2", "H4", "K1", "B1"]),
    ("eye", ["BM", "B1", "K1", "K2", "EB"]),
    ("cheek", ["EB", "K2", "K3", "J1", "C1"]),
    ("jaw", ["K3", "H5", "H8", "J1"]),
    ("tmj", ["K1", "H4", "H5", "K3", "K2"]),
    ("ear", ["H4", "E1", "E2", "E3", "E4", "H5"]),
    ("chin", ["C1", "J1", "H8", "H9"]),
    ("throat", ["H9", "Q1", "Cl1", "N0"]),
    ("neck_front", ["H7", "NS", "Cl2", "Cl1", "Q1", "H8"]),
    ("shoulder_front", ["NS", "A1", "DI", "AX", "D1", "Cl3", "Cl2"]),
    ("sternum", ["N0", "Cl1", "St2", "St3", "X0"]),
    ("chest_upper", ["Cl1", "Cl2", "Cl3", "D1", "AX", "P1", "St2"]),
    ("chest_lower", ["St2", "P1", "P2", "P3", "CM1", "X0", "St3"]),
    ("chest_side", ["AX", "T3", "P3", "P2", "P1"]),
    ("abdomen_upper", ["X0", "CM1", "P3", "T3", "T5", "NV2", "NV1", "NV0"]),
    ("navel", ["NV0", "NV2", "NV4"]),
    ("abdomen_lower", ["NV2", "T5", "T6b", "I2", "PB1", "PB0", "NV4", "NV3"]),
    ("pubic", ["PB0", "PB1", "PB2", "CR"]),
    ("groin", ["T6b", "G1", "G2", "G3", "PB2", "PB1", "I2"]),
    ("arm_upper_front", ["A1", "EL1", "EM1", "AX", "DI"]),
    ("forearm_front", ["EL1", "WL", "WC", "WM", "EM1"]),
    ("hand_radial", ["WL", "HS_tip", "HS1", "WC"]),
    ("hand_ulnar", ["WC", "HS1", "HS_tip", "WM"]),
    ("thigh_front", ["G1", "L4", "KI", "TI", "G3", "G2"]),
    ("thigh_inner", ["G3", "PB2", "CR", "M4", "KI", "TI"]),
    ("knee_front", ["L4", "L6", "M6", "M4", "KI"]),
    ("shin", ["L6", "L10", "M10", "M6"]),
    ("foot_top", ["L10", "F4", "M10"]),
]

BACK: list[tuple[str, list[str]]] = [
    ("crown", ["H0", "H2", "CR1", "CR0"]),
    ("occiput", ["CR0", "CR1", "H2", "MS0", "MS5", "MS4", "OC0"]),
    ("mastoid", ["MS0", "MS3", "MS4", "MS5"]),
    ("neck_back_upper", ["OC0", "MS4", "MS3", "H7", "NB1", "NB0"]),
    ("neck_back_lower", ["NB0", "NB1", "NS", "NL2", "U1", "U0"]),
    ("shoulder_top", ["NS", "S2", "ST3", "ST2", "ST1", "NL2"]),
    ("shoulder_back", ["ST3", "S2", "A1", "DI", "AX", "SB1"]),
    ("upper_spine", ["U0", "U1", "U2", "U3"]),
    ("suprascapular", ["NL2", "ST1", "ST2", "ST3", "SP0"]),
    ("interscapular", ["U1", "NL2", "SP0", "MB1", "IA", "U2"]),
    ("scapula", ["SP0", "ST3", "SB1", "AX", "T1b", "IA", "MB1"]),
    ("mid_spine", ["U3", "U2", "LS1", "LS0"]),
    ("midback", ["U2", "IA", "MLb", "LB1", "LS1"]),
    ("midback_lateral", ["IA", "T1b", "T4", "MLb"]),
    ("lumbar_spine", ["LS0", "LS1", "LS2", "SA0"]),
    ("low_back", ["LS1", "LB1", "IC_u1", "IC_u0", "SA1", "LS2"]),
    ("flank", ["LB1", "MLb", "T4", "T6", "IC_u1"]),
    ("iliac_crest", ["IC_u0", "T6", "T6b", "IC_l2", "IC_l1", "SI1", "SA1"]),
    ("sacrum", ["SA0", "LS2", "SA1", "SA2", "SA3", "SA4"]),
    ("si_joint", ["SA1", "SI1", "SI2", "SA2"]),
    ("coccyx", ["SA4", "SA3", "CX1", "CR"]),
    ("buttock_upper", ["SI1", "IC_l1", "IC_l2", "HL2", "BB1", "SA3", "SA2", "SI2"]),
    ("buttock_lower", ["SA3", "BB1", "HL2", "HL3", "GF1", "GF2", "CR", "CX1"]),
    ("hip_lateral", ["T6b", "HLb", "HL3", "HL2", "IC_l2"]),
    ("arm_upper_back", ["A1", "EL0", "EM0", "AX", "DI"]),
    ("elbow", ["EL0", "EL2", "EM2", "EM0"]),
    ("forearm_back", ["EL2", "WL", "WC", "WM", "EM2"]),
    ("hand_radial", ["WL", "HS_tip", "HS1", "WC"]),
    ("hand_ulnar", ["WC", "HS1", "HS_tip", "WM"]),
    ("thigh_back", ["HL3", "TLi1", "TLi2", "M4", "GF2", "GF1"]),
    ("thigh_lateral", ["HLb", "L4", "TLi2", "TLi1", "HL3"]),
    ("knee_back", ["L4", "L6", "LLi1", "M6", "M4", "TLi2"]),
    ("calf", ["LLi1", "LLi2", "LLi_h", "HM", "M6"]),
    ("leg_lateral", ["L6", "L10", "LLi3", "LLi_h", "LLi2", "LLi1"]),
    ("heel", ["HM", "LLi_h", "LLi3", "L10", "F1", "F7", "M10"]),
    ("sole", ["F1", "F4", "F7"]),
]

# Which patient side the hand-drawn (viewer's left) half shows. Facing us (front view) the
# patient's right is on the viewer's left; seen from behind (back view) it is the patient's left.
HAND_DRAWN_SIDE: dict[str, str] = {"front": "right", "back": "left"}
VIEWS: dict[str, list[tuple[str, list[str]]]] = {"front": FRONT, "back": BACK}


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
        return t + max(math.dist(a, b), 1e-6) ** 0.5

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
        pieces = [
            [_round(NODES[a]), _round(NODES[b])] for a, b in zip(nodes, nodes[1:], strict=False)
        ]
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


def _distance_to_ring(ring: list[Point], point: Point) -> float:
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
        best_distance = _distance_to_ring(ring, best)
    step = max(0.5, min(max(xs) - min(xs), max(ys) - min(ys)) / 12)
    y = min(ys) + step / 2
    while y < max(ys):
        x = min(xs) + step / 2
        while x < max(xs):
            if contains(ring, (x, y)):
                distance = _distance_to_ring(ring, (x, y))
                if distance > best_distance + 0.25:
                    best, best_distance = (x, y), distance
            x += step
        y += step
    return (round(best[0], 1), round(best[1], 1))


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
                and _distance_to_ring([a, b], v) < 0.05
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


def build() -> dict[str, object]:
    """The whole geometry document written to `geometry.json`."""
    views: dict[str, list[dict[str, object]]] = {}
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
    all_points = [p for shapes in views.values() for s in shapes for p in s["points"]]  # type: ignore[union-attr]
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
    lines.append("  }")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> None:
    GEOMETRY_FILE.write_text(render_json(build()))
    print(f"wrote {GEOMETRY_FILE}")


if __name__ == "__main__":
    main()
