"""A reference row the base split into trigger points is also scored whole (data/split_rows.yaml).

Reference B.2 and B.6 give quadratus lumborum, gluteus minimus and masseter one row each, with
the muscle's whole essential zone and notes on which trigger point refers where; the base keeps
one pattern per trigger point (B.1) and the finder scores them together too, as the row.
"""

from __future__ import annotations

from knotwork.domain import knowledge
from knotwork.domain.painmap import Mark, PainMap
from knotwork.domain.referral import Context, rank
from knotwork.domain.referral.patterns import TOGETHER


def ranked(levels: dict[str, int], **answers: frozenset[str]):
    marks = tuple(Mark(region, level) for region, level in levels.items())
    return rank(PainMap(marks), Context(**answers)).candidates


def test_only_rows_that_give_a_whole_zone_are_scored_together() -> None:
    assert set(knowledge.load().split_rows) == {"quadratus_lumborum", "gluteus_minimus", "masseter"}


def test_jaw_cheek_and_ear_with_clenching_is_the_masseter_as_one_row() -> None:
    # The deep layer refers to the ear, the superficial one to jaw and cheek: the row has all three.
    candidates = ranked(
        {"jaw_right": 6, "cheek_right": 5, "ear_right": 4},
        factors=frozenset({"bruxism_clenching"}),
    )
    first = candidates[0]
    assert (first.muscle, first.part, first.side) == ("masseter", TOGETHER, "right")
    assert {(e.region, e.zone) for e in first.explains} == {
        ("jaw_right", "essential"),
        ("cheek_right", "essential"),
        ("ear_right", "essential"),
    }
    # The superficial layer's own zones explain more of this drawing, so it stands for the row.
    assert first.trigger_point == "superficial"


def test_a_row_scored_together_is_listed_once_per_side() -> None:
    candidates = ranked(
        {
            "hip_lateral_right": 6,
            "buttock_upper_right": 5,
            "thigh_lateral_right": 5,
            "thigh_back_right": 4,
            "leg_lateral_right": 3,
        },
        features=frozenset({"pain_lying_on_side", "pain_walking"}),
    )
    together = [c for c in candidates if c.muscle == "gluteus_minimus" and c.part == TOGETHER]
    assert len(together) == 1
    assert candidates[0].muscle == "gluteus_minimus"
    # Its essential zone is the row's: lower buttock, outer thigh, back of the thigh.
    assert set(together[0].unexplained_essential) == {"buttock_lower_right"}


def test_a_trigger_point_whose_own_zone_fits_better_keeps_its_own_reasons() -> None:
    # Iliac crest alone is quadratus lumborum's superficial upper part in full.
    quadratus = next(
        c for c in ranked({"iliac_crest_right": 6}) if c.muscle == "quadratus_lumborum"
    )
    assert quadratus.part == "upper"
