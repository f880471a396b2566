"""The hand-drawn half figures of the body map, as named nodes, curves, lines and regions.

Only the viewer's left half of each figure is drawn here, in figure units: x = 0 is the midline,
negative x is the viewer's left, y grows downwards from the top of the head (0) to the soles
(about 495). `build_geometry` samples the curves, closes each region's cycle of corner nodes,
mirrors the half and joins midline regions with their mirror image.

Reading a region: ("scapula", ["SP0", "ST3", "SB1", "AX", "T1b", "IA", "MB1"]) walks from corner
to corner; between two corners the boundary follows the curve or line holding both (the one with
the fewest nodes between them) or runs straight. The proportions follow the usual eight-heads
canon: chin at 61, nipples near 128, navel 185, crotch 258, knee 341-373, soles 494.
"""

from __future__ import annotations

import math

Point = tuple[float, float]

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


def _circle(centre: Point, radius: float, steps: int = 16) -> list[Point]:
    """A closed ring of points (the first repeated last) around `centre`."""
    return [
        (
            round(centre[0] + radius * math.cos(2 * math.pi * k / steps), 2),
            round(centre[1] + radius * math.sin(2 * math.pi * k / steps), 2),
        )
        for k in range(steps + 1)
    ]


# Landmarks to aim by: lines drawn over the head that are not regions (nobody marks "the nose";
# they show where the eye, temple, jaw joint and ear regions are). Figure units, viewer's left
# half, smooth curves through the points. A landmark ending on the midline (x = 0) is joined
# with its mirror image into one line (the nose, the lips); any other is drawn on both sides.
LANDMARKS: dict[str, list[tuple[str, list[Point]]]] = {
    "front": [
        ("eyebrow", [(-14.2, 23.2), (-11.6, 21.9), (-8.0, 21.6), (-4.3, 22.5)]),
        ("eyelid_upper", [(-13.0, 27.6), (-10.6, 25.9), (-7.6, 25.4), (-4.7, 26.3), (-3.4, 27.5)]),
        ("eyelid_lower", [(-13.0, 27.6), (-10.2, 28.9), (-6.6, 29.1), (-3.4, 27.5)]),
        ("iris", _circle((-8.1, 27.3), 1.3)),
        ("nose", [(-2.0, 24.6), (-2.4, 30.0), (-3.1, 34.7), (-4.3, 36.6), (-3.5, 38.2),
                  (-1.7, 38.9), (0.0, 38.9)]),
        ("lips", [(-6.3, 43.9), (-3.4, 43.1), (-1.3, 43.4), (0.0, 43.2)]),
        ("lip_lower", [(-4.4, 45.3), (-2.1, 45.9), (0.0, 46.0)]),
        ("ear_helix", [(-22.3, 29.6), (-24.3, 30.7), (-25.0, 33.6), (-24.5, 37.5), (-22.8, 40.5)]),
    ],
    "back": [
        # The ears stand out of the back of the head: the mastoid region lies just behind them.
        ("ear_outline", [NODES[n] for n in ("H4", "E1", "E2", "E3", "E4", "H5")]),
    ],
}  # fmt: skip
