"""The finder ranks trigger points by how well their referral zones explain the pain map."""

from __future__ import annotations

import pytest

from knotwork.domain.painmap import Mark, PainMap
from knotwork.domain.referral import Context, rank


def pain(**levels: int) -> PainMap:
    return PainMap(tuple(Mark(region, level) for region, level in levels.items()))


def keys(
    pain_map: PainMap, context: Context | None = None, n: int = 50
) -> list[tuple[str, str, str]]:
    return [(c.muscle, c.trigger_point, c.side) for c in rank(pain_map, context).candidates[:n]]


def test_it_ranks_the_pattern_that_explains_the_whole_map_first() -> None:
    first = rank(pain(neck_back_upper_left=6, mastoid_left=5, temple_left=7)).candidates[0]
    assert (first.muscle, first.trigger_point, first.side) == ("trapezius", "upper_fibres", "left")


def test_it_points_left_sided_pain_to_left_sided_trigger_points() -> None:
    candidates = rank(pain(neck_back_lower_left=7)).candidates
    assert candidates[0].side == "left"
    assert all(c.side == "left" for c in candidates if c.muscle == "levator_scapulae")


def test_it_lets_a_pattern_that_crosses_the_midline_explain_the_other_side() -> None:
    explains = {
        (c.muscle, c.trigger_point, c.side): [e.region for e in c.explains]
        for c in rank(pain(forehead_right=6, ear_left=5)).candidates
    }
    assert explains[("sternocleidomastoid", "clavicular_division", "left")] == [
        "ear_left",
        "forehead_right",
    ]


def test_it_lets_either_side_explain_a_midline_region() -> None:
    sides = {c.side for c in rank(pain(crown=7)).candidates if c.muscle == "splenius_capitis"}
    assert sides == {"left", "right"}


def test_it_weighs_essential_zones_above_spillover_zones() -> None:
    # Temple is essential for temporalis, spillover for splenius cervicis.
    order = keys(pain(temple_right=6))
    assert order.index(("temporalis", "main", "right")) < order.index(
        ("splenius_cervicis", "main", "right")
    )


def test_it_lets_the_more_intense_region_decide_between_two_patterns() -> None:
    temple_heavy = keys(pain(temple_left=9, crown=2), n=1)[0]
    crown_heavy = keys(pain(temple_left=2, crown=9), n=1)[0]
    assert temple_heavy[0] != "splenius_capitis"
    assert crown_heavy[0] == "splenius_capitis"


def test_it_ranks_a_pattern_covering_a_widespread_map_above_one_explaining_a_corner() -> None:
    widespread = pain(
        iliac_crest_left=6, sacrum=5, buttock_upper_left=6, low_back_left=5, si_joint_left=5
    )
    order = keys(widespread)
    # Soleus TrP3 explains one corner (the sacroiliac joint) with its whole essential zone.
    assert order.index(("gluteus_medius", "main", "left")) < order.index(("soleus", "trp3", "left"))


def test_it_penalises_a_pattern_whose_essential_zone_is_mostly_pain_free() -> None:
    candidates = {(c.muscle, c.trigger_point): c for c in rank(pain(cheek_left=6)).candidates}
    full = candidates[("lateral_pterygoid", "main")]
    partial = candidates[("sternocleidomastoid", "sternal_division")]
    assert partial.unexplained_essential
    assert full.score > partial.score


def test_it_reports_which_regions_each_candidate_explains_and_which_essential_ones_it_misses() -> (
    None
):
    candidates = rank(pain(temple_right=6, eye_right=3)).candidates
    temporalis = next(c for c in candidates if c.muscle == "temporalis")
    assert [(e.region, e.zone) for e in temporalis.explains] == [
        ("temple_right", "essential"),
        ("eye_right", "spillover"),
    ]
    assert temporalis.unexplained_essential == ("teeth_upper_right",)


def test_it_scores_a_row_with_per_part_zones_by_the_part_that_fits() -> None:
    # Reference B.2: quadratus lumborum's superficial upper trigger points refer along the iliac
    # crest (sometimes to the groin), the lower ones to the greater trochanter. Pain at the crest
    # and groin is the upper part's whole picture, so nothing of its essential zone is missing.
    first = rank(pain(iliac_crest_right=6, groin_right=3)).candidates[0]
    assert (first.muscle, first.trigger_point) == ("quadratus_lumborum", "superficial")
    assert [(e.region, e.zone) for e in first.explains] == [
        ("iliac_crest_right", "essential"),
        ("groin_right", "spillover"),
    ]
    assert first.unexplained_essential == ()
    assert first.essential_fit == 1.0
    # The whole row still counts when the map shows both parts.
    both = rank(pain(iliac_crest_right=6, hip_lateral_right=6)).candidates
    row = next(
        c for c in both if (c.muscle, c.trigger_point) == ("quadratus_lumborum", "superficial")
    )
    assert {e.region for e in row.explains} == {"iliac_crest_right", "hip_lateral_right"}


def test_it_counts_matching_answers_and_shows_what_they_added() -> None:
    plain = {c.muscle: c for c in rank(pain(eye_right=6, cheek_right=4)).candidates}
    boosted = {
        c.muscle: c
        for c in rank(
            pain(eye_right=6, cheek_right=4), Context(factors=frozenset({"bruxism_clenching"}))
        ).candidates
    }
    masseter = boosted["masseter"]
    assert masseter.factors == ("bruxism_clenching",)
    assert masseter.factor_boost > 0
    assert masseter.base_score == plain["masseter"].base_score
    assert masseter.score == pytest.approx(masseter.base_score + masseter.factor_boost, abs=0.001)
    assert boosted["orbicularis_oculi"].factors == ()
    assert boosted["orbicularis_oculi"].score == plain["orbicularis_oculi"].score


def test_it_weighs_an_answer_few_muscles_share_more_than_one_many_share() -> None:
    # Clenching is listed for six muscles of the jaw; repetitive movement for a third of the base.
    def masseter(factor: str) -> float:
        ranking = rank(pain(eye_right=6, cheek_right=4), Context(factors=frozenset({factor})))
        return next(c for c in ranking.candidates if c.muscle == "masseter").factor_boost

    assert masseter("bruxism_clenching") > 2 * masseter("repetitive_motion") > 0


def test_it_lets_the_history_order_patterns_that_fit_the_drawing_alike() -> None:
    # Elbow and thumb web: the longer wrist extensor and supinator explain it alike; an ache at
    # rest is in supinator's picture (reference B.8.4), not in the wrist extensor's.
    drawing = pain(elbow_right=7, hand_radial_right=4)
    first = rank(drawing, Context(features=frozenset({"constant_ache_at_rest"}))).candidates[0]
    assert (first.muscle, first.features) == ("supinator", ("constant_ache_at_rest",))


def test_it_keeps_the_drawing_in_the_lead_over_a_matching_answer() -> None:
    # Dizziness is listed for sternocleidomastoid alone, yet a pattern that explains little of
    # this face drawing stays below the one that explains most of it.
    drawing = pain(temple_right=7, eye_right=5, jaw_right=5, cheek_right=4)
    ranking = rank(drawing, Context(features=frozenset({"dizziness"}))).candidates
    assert ranking[0].muscle == "masseter"
    scm = [c for c in ranking if c.muscle == "sternocleidomastoid"]
    assert scm and all(c.score < ranking[0].score for c in scm)


def test_it_never_creates_a_candidate_from_factors_alone() -> None:
    ranking = rank(pain(crown=5), Context(factors=frozenset({"bruxism_clenching"})))
    assert "masseter" not in {c.muscle for c in ranking.candidates}


def test_it_gives_nothing_for_a_map_without_pain() -> None:
    ranking = rank(PainMap((Mark("crown", 0),)))
    assert ranking.candidates == ()
    assert ranking.cover == ()


def test_it_gives_the_same_ranking_every_time() -> None:
    pain_map = pain(low_back_left=5, low_back_right=5, sacrum=4, midback_left=3)
    assert rank(pain_map) == rank(pain_map)


def test_it_keeps_scores_between_zero_and_one() -> None:
    ranking = rank(
        pain(temple_left=10, teeth_upper_left=10),
        Context(
            factors=frozenset({"bruxism_clenching", "jaw_overuse", "emotional_stress"}),
            features=frozenset({"tooth_sensitivity"}),
        ),
    )
    assert all(0 < c.score <= 1 for c in ranking.candidates)


def test_it_trims_to_the_requested_number_of_candidates() -> None:
    assert len(rank(pain(low_back_left=5, buttock_upper_left=5), top=3).candidates) == 3
