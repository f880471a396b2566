"""Muscle search by name, abbreviation, common name and symptom word (issue 15)."""

from __future__ import annotations

import pytest

from knotwork.domain import knowledge


def found(query: str) -> list[str]:
    return [m.muscle for m in knowledge.search(query)]


@pytest.mark.parametrize(
    ("query", "muscle"),
    [
        ("QL", "quadratus_lumborum"),
        ("q.l.", "quadratus_lumborum"),
        ("SCM", "sternocleidomastoid"),
        ("TFL", "tensor_fasciae_latae"),
        ("psoas", "iliopsoas"),
        ("traps", "trapezius"),
        ("pecs", "pectoralis_major"),
        ("quads", "rectus_femoris"),
        ("Temporalis", "temporalis"),
    ],
)
def test_it_finds_a_muscle_by_name_abbreviation_or_common_name(query: str, muscle: str) -> None:
    assert found(query)[0] == muscle


@pytest.mark.parametrize(
    ("query", "muscles"),
    [
        ("headache", {"trapezius", "sternocleidomastoid", "temporalis", "suboccipitals"}),
        ("tennis elbow", {"supinator", "extensor_carpi_radialis", "triceps_brachii"}),
        ("sciatica-like", {"gluteus_minimus", "piriformis"}),
        ("jaw clicking", {"lateral_pterygoid"}),
    ],
)
def test_it_finds_muscles_by_symptom_words_through_features_and_mimics(
    query: str, muscles: set[str]
) -> None:
    assert muscles <= set(found(query))


def test_it_says_why_each_muscle_was_found_in_words() -> None:
    by_abbreviation = knowledge.search("QL")[0]
    assert by_abbreviation.reasons == ("also called QL",)
    by_symptom = next(
        m for m in knowledge.search("jaw clicking") if m.muscle == "lateral_pterygoid"
    )
    assert any("clicks" in reason for reason in by_symptom.reasons)
    assert all("_" not in reason for m in knowledge.search("headache") for reason in m.reasons)


def test_it_ranks_names_above_symptom_mentions() -> None:
    assert found("soleus")[0] == "soleus"


def test_it_finds_nothing_for_an_empty_or_unknown_query() -> None:
    assert found("") == []
    assert found("   ") == []
    assert found("xylophone") == []


def test_it_limits_the_number_of_matches() -> None:
    assert len(knowledge.search("headache", limit=2)) == 2
