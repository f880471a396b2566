"""Pressure pain threshold converts between kg/cm2, kPa and N/cm2 as section D.9 gives."""

import pytest

from knotwork.domain.outcomes.pressure import (
    UnknownUnit,
    convert,
    score_threshold,
    side_difference,
    threshold,
)


def test_it_converts_1_kg_per_cm2_to_98_07_kpa_and_9_807_n_per_cm2() -> None:
    assert round(convert(1, "kg/cm2", "kPa"), 2) == 98.07
    assert round(convert(1, "kg/cm2", "N/cm2"), 3) == 9.807


def test_it_converts_1_n_per_cm2_to_10_kpa() -> None:
    assert convert(1, "N/cm2", "kPa") == 10.0


def test_it_converts_pounds_force_over_the_1_cm2_tip() -> None:
    assert round(convert(1, "lbf/cm2", "N/cm2"), 3) == 4.448


def test_it_round_trips_every_unit() -> None:
    for unit in ("kg/cm2", "kPa", "N/cm2", "lbf/cm2"):
        assert convert(convert(3.7, "kPa", unit), unit, "kPa") == pytest.approx(3.7)


def test_it_takes_the_mean_of_the_trials() -> None:
    found = threshold([3.0, 3.5, 4.0])
    assert (found.kg_cm2, found.kpa, found.n_cm2, found.trials) == (3.5, 343.2, 34.32, 3)


def test_it_reports_the_threshold_as_a_score_result_in_kg_per_cm2() -> None:
    result = score_threshold([300, 310, 290], "kPa")
    assert result.instrument == "ppt"
    assert result.score == 3.06
    assert result.subscales["kpa"] == 300.0


def test_it_refuses_an_unknown_unit() -> None:
    with pytest.raises(UnknownUnit):
        convert(1, "psi", "kPa")


def test_it_marks_a_side_difference_of_2_kg_per_cm2_as_notable_and_uncertain() -> None:
    assert side_difference(5.0, 3.0).notable is True
    assert side_difference(5.0, 3.1).notable is False
    assert side_difference(5.0, 3.0).uncertain is True
