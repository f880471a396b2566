"""The small-cell rule: no count under 5 patients is shown, nor a share or mean of one."""

from __future__ import annotations

from knotwork.insight.suppression import HIDDEN_TEXT, cell, mean, partition


def test_it_hides_a_count_of_four() -> None:
    assert cell(4).text == "fewer than 5" == HIDDEN_TEXT
    assert cell(4).hidden


def test_it_shows_a_count_of_five() -> None:
    assert cell(5).text == "5"


def test_it_hides_zero_too() -> None:
    assert cell(0).text == HIDDEN_TEXT


def test_it_hides_the_share_of_a_hidden_count() -> None:
    assert cell(4, 40).share_text == HIDDEN_TEXT
    assert cell(10, 40).share_text == "25%"


def test_it_hides_a_share_whose_denominator_is_hidden() -> None:
    assert cell(4, 4).share is None


def test_it_hides_a_second_part_so_the_first_is_no_difference() -> None:
    cells = partition({"continue": 3, "refer": 7, "end": 9}, 19)
    assert cells["continue"].hidden
    # The next smallest is hidden too (19 - 9 - 7 would give 3), and says so truthfully.
    assert cells["refer"].text == "not shown"
    assert cells["end"].text == "9"


def test_it_hides_nothing_more_when_no_part_is_small() -> None:
    cells = partition({"a": 5, "b": 8}, 13)
    assert [c.text for c in cells.values()] == ["5", "8"]


def test_it_leaves_two_hidden_parts_as_they_are() -> None:
    cells = partition({"a": 2, "b": 3, "c": 20}, 25)
    assert [c.text for c in cells.values()] == [HIDDEN_TEXT, HIDDEN_TEXT, "20"]


def test_it_hides_a_mean_over_fewer_than_five_patients() -> None:
    assert mean(3.5, 4) is None
    assert mean(3.5, 5) == 3.5
