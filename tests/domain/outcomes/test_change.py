"""Change from baseline is judged by each instrument's MCID rule from section D."""

from knotwork.domain.outcomes import compare, score


def test_it_calls_a_2_point_nprs_fall_improved() -> None:
    change = compare("nprs", 6, 4)
    assert (change.verdict, change.difference, change.improvement) == ("improved", -2.0, 2.0)
    assert change.sources == ("OSTELO-2008",)


def test_it_calls_a_30_percent_nprs_fall_improved_even_under_2_points() -> None:
    # 3 -> 2 is 1 point but 33 % of the baseline.
    assert compare("nprs", 3, 2).verdict == "improved"
    assert compare("nprs", 8, 7).verdict == "no_meaningful_change"


def test_it_calls_a_2_point_nprs_rise_worse() -> None:
    assert compare("nprs", 4, 6).verdict == "worse"
    assert compare("nprs", 4, 5).verdict == "no_meaningful_change"


def test_it_judges_odi_by_10_points_or_30_percent() -> None:
    assert compare("odi", 42.0, 32.0).verdict == "improved"
    assert compare("odi", 42.0, 33.0).verdict == "no_meaningful_change"
    assert compare("odi", 20.0, 14.0).verdict == "improved"  # 30 % of 20
    assert compare("odi", 30.0, 40.0).verdict == "worse"


def test_it_offers_abbott_and_schmitts_12_point_odi_rule() -> None:
    assert compare("odi", 42.0, 32.0, rule="abbott_2014_medium").verdict == "no_meaningful_change"
    assert compare("odi", 42.0, 30.0, rule="abbott_2014_medium").verdict == "improved"


def test_it_judges_rmdq_by_5_points_or_30_percent() -> None:
    assert compare("rmdq", 14, 9).verdict == "improved"
    assert compare("rmdq", 14, 10).verdict == "no_meaningful_change"
    assert compare("rmdq", 6, 4).verdict == "improved"  # 33 % of 6


def test_it_judges_ndi_by_7_point_5_raw_points() -> None:
    assert compare("ndi", 20, 12.5).verdict == "improved"
    assert compare("ndi", 20, 13).verdict == "no_meaningful_change"
    assert compare("ndi", 20, 13, rule="vernon").verdict == "improved"


def test_it_calls_a_psfs_rise_of_2_improved_because_higher_is_better() -> None:
    assert compare("psfs", 3.0, 5.0).verdict == "improved"
    assert compare("psfs", 5.0, 3.0).verdict == "worse"
    assert compare("psfs", 3.0, 4.67).verdict == "no_meaningful_change"


def test_it_compares_score_results_directly() -> None:
    baseline = score("odi", [3] * 10)
    follow_up = score("odi", [2] * 10)
    change = compare("odi", baseline, follow_up)
    assert (change.baseline, change.follow_up, change.verdict) == (60.0, 40.0, "improved")


def test_it_does_not_judge_against_an_invalid_score() -> None:
    invalid = score("odi", [3, 3, 3, None, None, None, 3, 3, 3, 3])
    assert compare("odi", invalid, 20.0).verdict == "not_comparable"


def test_it_reports_no_rule_for_instruments_without_an_mcid() -> None:
    change = compare("pss10", 25, 15)
    assert (change.verdict, change.difference) == ("no_rule", -10.0)
    assert compare("start_back", 6, 2).verdict == "no_rule"
