"""A drawing with no painful region is recorded only as the explicit answer "no pain today"."""

from __future__ import annotations

import pytest

from knotwork.domain.painmap import (
    InvalidPainMap,
    NoPainAnswerNeeded,
    check_recordable,
    parse_marks,
)


def test_it_refuses_an_empty_drawing_that_does_not_say_no_pain() -> None:
    with pytest.raises(NoPainAnswerNeeded) as refused:
        check_recordable(parse_marks([]))
    assert [e.field for e in refused.value.errors] == ["marks"]
    assert "No pain anywhere today?" in str(refused.value)


def test_it_refuses_a_drawing_of_only_zero_marks_that_does_not_say_no_pain() -> None:
    with pytest.raises(NoPainAnswerNeeded):
        check_recordable(parse_marks([{"region": "chin", "intensity": 0}]))


def test_it_records_no_pain_when_said_and_keeps_the_regions_checked_without_pain() -> None:
    pain_map = parse_marks([{"region": "chin", "intensity": 0}], no_pain=True)
    check_recordable(pain_map)
    assert pain_map.no_pain and pain_map.painful == {}
    assert [m.region for m in pain_map.marks] == ["chin"]


def test_it_refuses_a_drawing_that_marks_pain_and_says_no_pain() -> None:
    pain_map = parse_marks([{"region": "chin", "intensity": 3}], no_pain=True)
    with pytest.raises(InvalidPainMap) as refused:
        check_recordable(pain_map)
    assert not isinstance(refused.value, NoPainAnswerNeeded)
    assert [e.field for e in refused.value.errors] == ["no_pain"]


def test_it_records_a_painful_drawing_without_any_answer() -> None:
    check_recordable(parse_marks([{"region": "chin", "intensity": 3}]))
