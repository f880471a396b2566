"""The finder's cover for widespread pain, and its validated JSON entry point."""

from __future__ import annotations

import pytest

from knotwork.domain.painmap import Mark, PainMap
from knotwork.domain.referral import FinderInputError, rank, rank_json, to_json

HEAD_AND_BACK = {
    "temple_left": 6,
    "neck_back_upper_left": 5,
    "mastoid_left": 5,
    "iliac_crest_right": 6,
    "hip_lateral_right": 5,
    "heel_left": 6,
}


def test_it_proposes_a_small_set_that_together_explains_a_widespread_map() -> None:
    pain_map = PainMap(tuple(Mark(r, v) for r, v in HEAD_AND_BACK.items()))
    cover = rank(pain_map).cover
    assert 2 <= len(cover) <= 5
    explained = {e.region for item in cover for e in item.adds}
    assert explained == set(HEAD_AND_BACK)
    assert {item.candidate.muscle for item in cover} >= {
        "trapezius",
        "quadratus_lumborum",
        "soleus",
    }


def test_it_needs_one_trigger_point_when_one_pattern_explains_everything() -> None:
    pain_map = PainMap((Mark("crown", 6),))
    assert [item.candidate.muscle for item in rank(pain_map).cover] == ["splenius_capitis"]


def test_it_returns_the_agreed_json_shape() -> None:
    result = rank_json(
        {
            "marks": [{"region": "iliac_crest_right", "intensity": 7}],
            "factors": ["lifting"],
            "top": 2,
        }
    )
    assert set(result) >= {"candidates", "cover"}
    first = result["candidates"][0]
    assert {
        "muscle",
        "trigger_point",
        "side",
        "score",
        "explains",
        "unexplained_essential",
        "factors",
    } <= set(first)
    assert first["muscle"] == "quadratus_lumborum"
    assert first["side"] == "right"
    assert first["factors"] == ["lifting"]
    assert first["explains"][0] == {
        "region": "iliac_crest_right",
        "zone": "essential",
        "intensity": 7,
    }
    assert len(result["candidates"]) == 2


def test_it_gives_the_same_json_as_ranking_the_pain_map_directly() -> None:
    pain_map = PainMap((Mark("eye_right", 6), Mark("cheek_right", 3)))
    request = {
        "marks": [
            {"region": "eye_right", "intensity": 6},
            {"region": "cheek_right", "intensity": 3},
        ]
    }
    assert rank_json(request) == to_json(rank(pain_map))


def test_it_names_unknown_regions_and_factors() -> None:
    with pytest.raises(FinderInputError) as caught:
        rank_json({"marks": [{"region": "elbow_middle", "intensity": 3}], "factors": ["gaming"]})
    message = str(caught.value)
    assert "elbow_middle" in message
    assert "gaming" in message


def test_it_refuses_a_bad_intensity_and_a_bad_top() -> None:
    with pytest.raises(FinderInputError) as caught:
        rank_json({"marks": [{"region": "crown", "intensity": 11}], "top": 0})
    assert {error.field for error in caught.value.errors} == {"marks[0].intensity", "top"}


def test_it_echoes_a_request_id_for_batch_callers() -> None:
    assert rank_json({"id": "p-17", "marks": []})["id"] == "p-17"
