"""The learned layer: similarity of maps, shrinkage towards the base ranking, and its order."""

from __future__ import annotations

import re
from typing import Any

import pytest

from knotwork.domain.referral import rank_json
from knotwork.domain.referral.learning import (
    PRIOR_WEIGHT,
    SIMILAR,
    PastMap,
    Tally,
    apply,
    calibration,
    evidence,
    examination_from_json,
    posterior,
    reason,
    similarity,
)

LOW_BACK = {"low_back_right": 7, "buttock_upper_right": 5, "buttock_lower_right": 3}
MARKS = [{"region": r, "intensity": i} for r, i in LOW_BACK.items()]


def key(candidate: dict[str, Any]) -> tuple[str, str, str]:
    return (candidate["muscle"], candidate["trigger_point"], candidate["side"])


def test_it_calls_a_map_fully_similar_to_itself_and_not_to_its_mirror():
    assert similarity(LOW_BACK, LOW_BACK) == 1.0
    mirror = {r.replace("_right", "_left"): i for r, i in LOW_BACK.items()}
    assert similarity(LOW_BACK, mirror) == 0.0
    assert similarity({}, {}) == 0.0


def test_it_weighs_shared_regions_by_the_lower_intensity():
    # Shared: min(7, 4) = 4; union: 7 + 5 + 4 - 4 = 12 (the buttock only on the first map).
    a = {"low_back_right": 7, "buttock_upper_right": 5}
    b = {"low_back_right": 4}
    assert similarity(a, b) == pytest.approx(4 / 12)
    assert similarity(a, b) == similarity(b, a)


def test_it_counts_findings_of_similar_maps_only():
    qls = ("quadratus_lumborum", "deep", "right")
    similar = PastMap({"low_back_right": 6, "buttock_upper_right": 5}, {qls: Tally(3, 2)})
    other = PastMap({"neck_back_upper_right": 6}, {qls: Tally(10, 0)})
    again = PastMap(dict(LOW_BACK), {qls: Tally(1, 1)})
    assert similarity(LOW_BACK, similar.painful) >= SIMILAR
    assert evidence(LOW_BACK, [similar, other, again]) == {qls: Tally(4, 3)}


def test_it_keeps_the_prior_without_findings_and_moves_towards_the_rate_with_many():
    assert posterior(0.6, Tally(0, 0)) == 0.6
    few = posterior(0.6, Tally(5, 0))
    # Five refutations move 0.6 a fifth of the way to 0 (5 / (5 + 20)).
    assert few == pytest.approx(0.6 * PRIOR_WEIGHT / (5 + PRIOR_WEIGHT))
    assert few == pytest.approx(0.48)
    many = posterior(0.6, Tally(1000, 100))
    assert many == pytest.approx(0.1, abs=0.02)


def test_a_handful_of_findings_cannot_overturn_the_reference():
    # A weak candidate confirmed every time five times does not pass a strong one.
    assert posterior(0.3, Tally(5, 5)) < 0.5
    assert posterior(0.8, Tally(5, 0)) > posterior(0.3, Tally(5, 5))


def test_it_says_how_many_examinations_found_it():
    assert reason(Tally(15, 12)) == (
        "confirmed in 12 of 15 examinations at this clinic for similar maps"
    )
    assert reason(Tally(1, 0)) == (
        "confirmed in 0 of 1 examination at this clinic for similar maps"
    )


def test_without_findings_the_answer_is_the_base_ranking():
    base = rank_json({"marks": MARKS})
    assert apply(base, {}) == base
    assert apply(base, {}, top=3) == rank_json({"marks": MARKS, "top": 3})
    unrelated = {("sternocleidomastoid", "sternal", "left"): Tally(9, 9)}
    assert apply(base, unrelated) == base


def test_confirmed_findings_lift_a_candidate_with_its_reason_and_prior():
    base = rank_json({"marks": MARKS})
    fourth = base["candidates"][3]
    lifted = apply(base, {key(fourth): Tally(60, 58)}, top=5)
    first = lifted["candidates"][0]
    assert key(first) == key(fourth)
    # The only candidate with findings: the others give no yardstick, so the calibration is 1.
    assert first["learned"] == {
        "examined": 60,
        "confirmed": 58,
        "prior_score": fourth["score"],
        "prior_weight": PRIOR_WEIGHT,
        "calibration": 1.0,
        "reason": "confirmed in 58 of 60 examinations at this clinic for similar maps",
    }
    assert first["score"] == round((58 + PRIOR_WEIGHT * fourth["score"]) / 80, 3)
    assert len(lifted["candidates"]) == 5
    # The others keep the base order among themselves and carry no learned reason.
    rest = [key(c) for c in lifted["candidates"][1:]]
    assert rest == [key(c) for c in base["candidates"] if key(c) != key(fourth)][:4]
    assert all("learned" not in c for c in lifted["candidates"][1:])


def test_a_confirmed_candidate_can_rise_from_below_the_cut():
    base = rank_json({"marks": MARKS})
    low = base["candidates"][-1]
    lifted = apply(base, {key(low): Tally(200, 200)}, top=3)
    assert key(lifted["candidates"][0]) == key(low)


def test_untouched_candidates_keep_an_order_that_is_not_by_score():
    # The base order is not always by score (a band across the midline can sit lower); the
    # learned layer does not re-sort the candidates it has no findings for.
    def candidate(name: str, score: float) -> dict[str, Any]:
        return {"muscle": name, "trigger_point": "tp", "side": "right", "score": score}

    base = {
        "candidates": [candidate("a", 0.9), candidate("b", 0.5), candidate("c", 0.7)],
        "cover": [],
    }
    refuted = apply(base, {("a", "tp", "right"): Tally(100, 0)})
    assert [c["muscle"] for c in refuted["candidates"]] == ["b", "c", "a"]


def test_calibration_is_one_without_findings_and_reads_findings_per_unit_of_fit():
    assert calibration([]) == 1.0
    # 40 examinations at fit 0.8 (32 expected) found 8 times: (8 + 20) / (32 + 20).
    assert calibration([(0.8, Tally(40, 8))]) == pytest.approx(28 / 52)


def test_candidates_found_as_often_as_the_clinics_average_keep_their_place():
    # Fits are not rates: a clinic that finds every examined candidate a quarter as often as
    # its fit says does not push the examined ones below the never-examined.
    def candidate(name: str, score: float) -> dict[str, Any]:
        return {"muscle": name, "trigger_point": "tp", "side": "right", "score": score}

    base = {
        "candidates": [candidate("a", 0.9), candidate("b", 0.8), candidate("c", 0.6)],
        "cover": [],
    }
    tallies = {("a", "tp", "right"): Tally(400, 90), ("b", "tp", "right"): Tally(400, 80)}
    ordered = apply(base, tallies)
    assert [c["muscle"] for c in ordered["candidates"]] == ["a", "b", "c"]
    refuted = apply(base, {**tallies, ("b", "tp", "right"): Tally(400, 2)})
    assert [c["muscle"] for c in refuted["candidates"]] == ["a", "c", "b"]


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ([], "must be a JSON object"),
        (
            {"marks": MARKS, "muscle": "x", "trigger_point": "y", "side": "left", "found": True},
            "muscle: unknown muscle 'x'",
        ),
        (
            {
                "marks": "none",
                "muscle": "piriformis",
                "trigger_point": "main",
                "side": "left",
                "found": True,
            },
            "marks: must be a list",
        ),
        (
            {
                "marks": MARKS,
                "muscle": "piriformis",
                "trigger_point": "main",
                "side": "up",
                "found": True,
            },
            "side: piriformis/main has no side 'up'",
        ),
        ({"marks": MARKS, "extra": 1}, "unexpected field(s) extra"),
    ],
)
def test_it_reads_an_examination_of_a_findings_file_or_says_what_is_wrong(
    item: Any, message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        examination_from_json(item)


def test_it_reads_an_examination_as_one_map_with_one_finding():
    item = {
        "marks": MARKS,
        "muscle": "piriformis",
        "trigger_point": "main",
        "side": "right",
        "found": False,
    }
    assert examination_from_json(item) == PastMap(
        LOW_BACK, {("piriformis", "main", "right"): Tally(1, 0)}
    )
