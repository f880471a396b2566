"""The body-map figures: every region drawn once, tiling the silhouette, on the right side."""

from collections import Counter, defaultdict

import pytest

from knotwork.domain import anatomy
from knotwork.domain.bodymap import geometry
from knotwork.domain.bodymap.geometry import FigureView
from tools.bodymap.polygons import contains, signed_area

Point = tuple[float, float]
VIEWS = geometry.FIGURE_VIEWS


def edge_counts(view: geometry.FigureView) -> Counter[frozenset[Point]]:
    counts: Counter[frozenset[Point]] = Counter()
    for shape in geometry.shapes(view):
        ring = list(shape.points)
        for a, b in zip(ring, ring[1:] + ring[:1], strict=True):
            counts[frozenset((a, b))] += 1
    return counts


def outline_loops(view: geometry.FigureView) -> list[list[Point]]:
    """The silhouette: edges used by one shape only, chained into closed loops."""
    neighbours: dict[Point, list[Point]] = defaultdict(list)
    for edge, count in edge_counts(view).items():
        if count == 1:
            a, b = tuple(edge)
            neighbours[a].append(b)
            neighbours[b].append(a)
    assert all(len(found) == 2 for found in neighbours.values()), "the outline branches"
    loops, seen = [], set()
    for start in neighbours:
        if start in seen:
            continue
        loop, previous, current = [start], None, start
        seen.add(start)
        while True:
            following = next(p for p in neighbours[current] if p != previous)
            if following == start:
                break
            loop.append(following)
            seen.add(following)
            previous, current = current, following
        loops.append(loop)
    return loops


@pytest.mark.parametrize("view", VIEWS)
def test_it_draws_every_region_of_a_view_exactly_once(view: geometry.FigureView) -> None:
    expected = [r.id for r in anatomy.regions_in_view(view)]
    drawn = geometry.drawn_regions(view)
    assert sorted(drawn) == sorted(expected)
    assert len(drawn) == len(set(drawn))


def test_it_draws_the_hands_on_both_figures_and_no_inner_region() -> None:
    front, back = set(geometry.drawn_regions("front")), set(geometry.drawn_regions("back"))
    both = {r.id for r in anatomy.regions().values() if r.view == "both"}
    inner = {r.id for r in geometry.inner_regions()}
    assert both == {"hand_radial_left", "hand_radial_right", "hand_ulnar_left", "hand_ulnar_right"}
    assert both <= front & back
    assert inner == {
        "teeth_upper_left",
        "teeth_upper_right",
        "teeth_lower_left",
        "teeth_lower_right",
        "mouth",
        "pelvic_floor",
    }
    assert not inner & (front | back)


@pytest.mark.parametrize("view", VIEWS)
def test_it_lists_shapes_head_to_feet_in_atlas_order(view: geometry.FigureView) -> None:
    atlas_order = [r.id for r in anatomy.regions_in_view(view)]
    assert geometry.drawn_regions(view) == atlas_order
    assert geometry.drawn_regions(view)[0] in {"forehead_left", "crown"}


@pytest.mark.parametrize("view", VIEWS)
def test_it_never_lets_two_shapes_claim_the_same_spot(view: geometry.FigureView) -> None:
    shapes = geometry.shapes(view)
    boxes = [
        (min(x for x, _ in s.points), max(x for x, _ in s.points),
         min(y for _, y in s.points), max(y for _, y in s.points))
        for s in shapes
    ]  # fmt: skip
    box = geometry.box()
    # An irregular offset keeps sample points off the shapes' shared vertices and edges.
    step, y = 1.5, box.min_y + 0.37
    overlaps, covered = [], 0
    while y < box.max_y:
        x = box.min_x + 0.21
        while x < box.max_x:
            hits = [
                s.region
                for s, (x0, x1, y0, y1) in zip(shapes, boxes, strict=True)
                if x0 <= x <= x1 and y0 <= y <= y1 and contains(list(s.points), (x, y))
            ]
            covered += bool(hits)
            if len(hits) > 1:
                overlaps.append(((round(x, 2), round(y, 2)), hits))
            x += step
        y += step
    assert overlaps == []
    assert covered > 5000


@pytest.mark.parametrize("view", VIEWS)
def test_it_tiles_one_connected_silhouette_without_holes(view: geometry.FigureView) -> None:
    counts = edge_counts(view)
    assert max(counts.values()) <= 2, "an edge is shared by more than two shapes"
    loops = outline_loops(view)
    assert len(loops) == 1, "the figure falls apart or has a hole"
    silhouette = abs(signed_area(loops[0]))
    shapes_total = sum(abs(signed_area(list(s.points))) for s in geometry.shapes(view))
    assert shapes_total == pytest.approx(silhouette, rel=1e-9)


def test_it_gives_every_drawn_region_a_positive_area_and_inner_regions_none() -> None:
    for region in anatomy.regions().values():
        if region.view == "inner":
            assert geometry.area(region.id) == 0
        else:
            assert geometry.area(region.id) > 0
    hand = next(s for s in geometry.shapes("front") if s.region == "hand_ulnar_left")
    assert geometry.area("hand_ulnar_left") == pytest.approx(2 * hand.area)
    assert geometry.total_area() == pytest.approx(
        sum(geometry.area(region_id) for region_id in anatomy.regions())
    )


def test_it_keeps_front_and_back_silhouettes_alike_apart_from_the_ears() -> None:
    ears = geometry.area("ear_left") + geometry.area("ear_right")
    difference = geometry.view_area("front") - geometry.view_area("back")
    assert difference == pytest.approx(ears, abs=1.0)


def test_it_shows_the_patients_left_on_the_viewers_right_in_front_and_left_behind() -> None:
    sides: tuple[tuple[FigureView, int], ...] = (("front", 1), ("back", -1))
    for view, left_sign in sides:
        for shape in geometry.shapes(view):
            side = anatomy.region(shape.region).side
            if side == "left":
                assert shape.centroid[0] * left_sign > 0, (view, shape.region)
            elif side == "right":
                assert shape.centroid[0] * left_sign < 0, (view, shape.region)
            else:
                assert abs(shape.centroid[0]) < 0.5, (view, shape.region)


@pytest.mark.parametrize(
    ("view", "stem"),
    [("front", "temple"), ("back", "hip_lateral"), ("back", "thigh_lateral"),
     ("back", "leg_lateral")],
)  # fmt: skip
def test_it_puts_lateral_strips_on_the_outer_edge_of_the_figure(
    view: FigureView, stem: str
) -> None:
    shapes = geometry.shapes(view)
    shape = next(s for s in shapes if s.region == f"{stem}_left")
    outward = 1 if shape.centroid[0] > 0 else -1
    ring = list(shape.points)
    height = max(y for _, y in ring) - min(y for _, y in ring)
    # An edge is on the outer edge when just inside it is this strip and just outside it, away
    # from the midline, is no shape at all.
    outer_length = 0.0
    for a, b in zip(ring, ring[1:] + ring[:1], strict=True):
        mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
        inside = contains(ring, (mx - outward * 0.3, my))
        beyond = any(contains(list(s.points), (mx + outward * 0.3, my)) for s in shapes)
        if inside and not beyond:
            outer_length += abs(b[1] - a[1])
    assert outer_length > 0.8 * height


def neighbours(view: geometry.FigureView, region_id: str) -> set[str]:
    owners: dict[frozenset[Point], list[str]] = defaultdict(list)
    for shape in geometry.shapes(view):
        ring = list(shape.points)
        for a, b in zip(ring, ring[1:] + ring[:1], strict=True):
            owners[frozenset((a, b))].append(shape.region)
    return {other for found in owners.values() if region_id in found for other in found} - {
        region_id
    }


@pytest.mark.parametrize(
    ("view", "region_id", "expected_neighbours"),
    [
        ("back", "low_back_left", {"lumbar_spine", "flank_left", "iliac_crest_left"}),
        ("back", "si_joint_left", {"sacrum", "buttock_upper_left", "iliac_crest_left"}),
        ("back", "scapula_right", {"interscapular_right", "suprascapular_right",
                                   "shoulder_back_right"}),
        ("back", "coccyx", {"sacrum", "buttock_lower_left", "buttock_lower_right"}),
        ("back", "mastoid_left", {"occiput_left", "neck_back_upper_left"}),
        ("back", "heel_left", {"sole_left", "calf_left", "leg_lateral_left"}),
        ("front", "temple_left", {"forehead_left", "eye_left", "tmj_left"}),
        ("front", "tmj_right", {"ear_right", "cheek_right", "jaw_right"}),
        ("front", "navel", {"abdomen_upper_left", "abdomen_lower_right"}),
        ("front", "groin_left", {"pubic", "thigh_front_left", "thigh_inner_left"}),
        ("front", "hand_radial_left", {"hand_ulnar_left", "forearm_front_left"}),
    ],
)  # fmt: skip
def test_it_places_regions_beside_their_anatomical_neighbours(
    view: geometry.FigureView, region_id: str, expected_neighbours: set[str]
) -> None:
    assert expected_neighbours <= neighbours(view, region_id)


def test_it_stacks_the_back_of_the_body_from_crown_to_sole() -> None:
    y = {s.region: s.centroid[1] for s in geometry.shapes("back")}
    column = ["crown", "occiput_left", "neck_back_upper_left", "neck_back_lower_left",
              "upper_spine", "mid_spine", "lumbar_spine", "sacrum", "coccyx",
              "thigh_back_left", "knee_back_left", "calf_left", "heel_left",
              "sole_left"]  # fmt: skip
    assert [y[r] for r in column] == sorted(y[r] for r in column)
