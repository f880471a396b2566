"""Pain-map metrics on small maps whose expected values are worked out in each test."""

import pytest

from knotwork.domain import anatomy
from knotwork.domain.bodymap import geometry
from knotwork.domain.painmap import Mark, PainMap, parse_marks
from knotwork.domain.painmap import metrics as m


def pain_map(**intensities: int) -> PainMap:
    return parse_marks([{"region": r, "intensity": i} for r, i in intensities.items()])


def test_it_counts_only_regions_that_hurt() -> None:
    assert m.region_count(pain_map(low_back_left=6, low_back_right=0, temple_left=2)) == 2
    assert m.region_count(PainMap()) == 0


def test_it_measures_extent_as_a_share_of_both_figures() -> None:
    one = pain_map(low_back_left=6)
    assert m.extent_percent(one) == pytest.approx(
        100 * geometry.area("low_back_left") / geometry.total_area()
    )
    two = pain_map(low_back_left=6, calf_right=3, sacrum=0)
    expected = geometry.area("low_back_left") + geometry.area("calf_right")
    assert m.extent_percent(two) == pytest.approx(100 * expected / geometry.total_area())


def test_it_counts_a_hand_on_both_figures_and_inner_regions_as_no_area() -> None:
    front_shape = next(s for s in geometry.shapes("front") if s.region == "hand_radial_left")
    hand = pain_map(hand_radial_left=4)
    assert m.extent_percent(hand) == pytest.approx(
        100 * 2 * front_shape.area / geometry.total_area()
    )
    teeth = pain_map(teeth_upper_left=8, mouth=5)
    assert m.extent_percent(teeth) == 0
    assert m.region_count(teeth) == 2
    assert m.max_intensity(teeth) == 8


def test_it_reaches_one_hundred_percent_when_every_drawn_region_hurts() -> None:
    everything = pain_map(**dict.fromkeys(anatomy.regions(), 10))
    assert m.extent_percent(everything) == pytest.approx(100)
    assert m.weighted_extent_percent(everything) == pytest.approx(100)


def test_it_averages_and_maximises_intensity_over_painful_regions() -> None:
    found = pain_map(temple_left=2, neck_front_left=4, scapula_right=9, jaw_left=0)
    assert m.mean_intensity(found) == pytest.approx((2 + 4 + 9) / 3)
    assert m.max_intensity(found) == 9
    assert m.mean_intensity(pain_map(jaw_left=0)) is None
    assert m.max_intensity(PainMap()) == 0


def test_it_weights_extent_by_intensity_out_of_ten() -> None:
    found = pain_map(low_back_left=10, buttock_upper_left=5)
    expected = geometry.area("low_back_left") + geometry.area("buttock_upper_left") / 2
    assert m.weighted_extent_percent(found) == pytest.approx(100 * expected / geometry.total_area())
    assert m.weighted_extent_percent(found) < m.extent_percent(found)


def test_it_summarizes_one_map() -> None:
    found = pain_map(low_back_left=8, sacrum=4)
    summary = m.summarize(found)
    assert summary.region_count == 2
    assert summary.max_intensity == 8
    assert summary.mean_intensity == 6
    assert summary.extent_percent == m.extent_percent(found)


def test_it_compares_two_maps_by_jaccard_similarity() -> None:
    before = pain_map(low_back_left=6, sacrum=4, calf_left=2)
    after = pain_map(sacrum=3, calf_left=2, temple_right=5, low_back_right=0)
    # Shared: sacrum, calf_left (2); either: those plus low_back_left and temple_right (4).
    assert m.jaccard(before, after) == 0.5
    assert m.jaccard(before, before) == 1
    assert m.jaccard(PainMap(), PainMap()) == 1
    assert m.jaccard(before, PainMap()) == 0


def test_it_lists_regions_added_resolved_and_intensity_changes() -> None:
    before = pain_map(low_back_left=6, sacrum=4, calf_left=2)
    after = pain_map(sacrum=7, calf_left=2, temple_right=5, low_back_left=0)
    assert m.regions_added(before, after) == ["temple_right"]
    assert m.regions_resolved(before, after) == ["low_back_left"]
    assert m.intensity_change(before, after) == {
        "temple_right": 5,
        "low_back_left": -6,
        "sacrum": 3,
        "calf_left": 0,
    }
    comparison = m.compare(before, after)
    assert comparison.added == ("temple_right",)
    assert comparison.resolved == ("low_back_left",)
    assert comparison.max_intensity_change == 7 - 6
    assert comparison.extent_change_percent == pytest.approx(
        m.extent_percent(after) - m.extent_percent(before)
    )


def test_it_rolls_up_by_pain_type() -> None:
    found = pain_map(
        low_back_left=6, sacrum=3, temple_right=4, neck_back_upper_left=5,
        jaw_left=2, teeth_lower_right=7, scapula_right=1, chin=0,
    )  # fmt: skip
    rollup = m.by_pain_type(found)
    assert set(rollup) == {"low_back", "neck", "headache", "facial", "other"}
    assert rollup["low_back"].regions == ("low_back_left", "sacrum")
    assert rollup["low_back"].max_intensity == 6
    assert rollup["headache"].regions == ("temple_right",)
    assert rollup["neck"].regions == ("neck_back_upper_left",)
    assert rollup["facial"].regions == ("jaw_left", "teeth_lower_right")
    assert rollup["facial"].max_intensity == 7
    assert rollup["facial"].extent_percent == pytest.approx(
        100 * geometry.area("jaw_left") / geometry.total_area()
    )
    assert rollup["other"].regions == ("scapula_right",)
    assert sum(r.extent_percent for r in rollup.values()) == pytest.approx(m.extent_percent(found))


def test_it_rolls_up_an_empty_map_to_zeros() -> None:
    rollup = m.by_pain_type(PainMap((Mark("chin", 0),)))
    assert all(r.regions == () and r.max_intensity == 0 for r in rollup.values())
