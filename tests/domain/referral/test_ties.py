"""Candidates that explain a drawing alike are said to be tied, with the rule that ordered them."""

from __future__ import annotations

from typing import Any

from knotwork.domain import knowledge
from knotwork.domain.referral import find_ties, rank_json


def ranked(*marks: tuple[str, int], **context: list[str]) -> dict[str, Any]:
    request: dict[str, Any] = {
        "marks": [{"region": region, "intensity": level} for region, level in marks],
        **context,
    }
    return rank_json(request)


def tie_of(result: dict[str, Any], muscle: str) -> tuple[list[str], Any]:
    candidates = result["candidates"]
    for tie in find_ties(candidates):
        muscles = [candidates[p]["muscle"] for p in tie.positions]
        if muscle in muscles:
            return muscles, tie
    raise AssertionError(f"no tie with {muscle}")


def test_it_says_when_two_muscles_explain_the_drawing_alike_and_that_no_source_orders_them() -> (
    None
):
    # Elbow and thumb web: the longer wrist extensor and supinator share both zones (B.8.4).
    result = ranked(("elbow_right", 7), ("hand_radial_right", 4))
    muscles, tie = tie_of(result, "supinator")
    assert muscles == ["extensor_carpi_radialis", "supinator"]
    assert tie.positions == (0, 1)
    assert tie.ordered_by == "knowledge_base"
    assert "explain this drawing alike" in tie.note
    assert "no source says which is more often the cause" in tie.note


def test_it_orders_a_tie_by_the_intake_answers_before_anything_else() -> None:
    result = ranked(
        ("elbow_right", 7), ("hand_radial_right", 4), features=["constant_ache_at_rest"]
    )
    muscles, tie = tie_of(result, "supinator")
    assert muscles == ["supinator", "extensor_carpi_radialis"]
    assert tie.ordered_by == "intake"
    assert "deep steady ache at rest" in tie.note


def test_it_orders_a_tie_by_what_the_reference_says_about_how_common_a_muscle_is() -> None:
    # Extensor carpi ulnaris comes before flexor carpi ulnaris in the knowledge base, but the
    # reference calls its trigger points uncommon; both send pain to the little-finger side.
    result = ranked(("hand_ulnar_right", 6))
    muscles, tie = tie_of(result, "extensor_carpi_ulnaris")
    assert muscles == ["flexor_carpi_ulnaris", "extensor_carpi_ulnaris"]
    assert tie.ordered_by == "frequency"
    assert "uncommon" in tie.note


def test_it_applies_a_frequency_statement_only_where_the_reference_makes_it() -> None:
    # Quadratus lumborum is "the most frequent muscular cause of low back pain": that orders a
    # tie in the low back, and says nothing about a tie in the groin.
    _, low_back = tie_of(ranked(("low_back_right", 6)), "quadratus_lumborum")
    assert low_back.ordered_by == "frequency"
    assert "low back pain" in low_back.note
    _, groin = tie_of(ranked(("groin_right", 6)), "vastus_intermedius")
    assert groin.ordered_by == "knowledge_base"
    assert "low back" not in groin.note


def test_it_does_not_call_two_trigger_points_of_one_muscle_a_tie() -> None:
    # The triceps heads share the elbow; the muscle is examined as one.
    candidates = ranked(("elbow_right", 6))["candidates"]
    for tie in find_ties(candidates):
        assert len({candidates[p]["muscle"] for p in tie.positions}) > 1


def test_it_writes_tie_notes_without_ids_or_source_keys() -> None:
    kb = knowledge.load()
    for region in ("elbow_right", "low_back_right", "hand_ulnar_right", "thigh_inner_left"):
        for tie in find_ties(ranked((region, 6))["candidates"]):
            assert "_" not in tie.note, tie.note
            assert not set(tie.note.replace(".", " ").split()) & set(kb.sources), tie.note
