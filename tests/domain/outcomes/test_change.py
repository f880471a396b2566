"""Change from baseline is judged by each instrument's MCID rule from section D."""

from knotwork.domain.outcomes import compare, score


def test_it_calls_a_2_point_nprs_fall_improved() -> None:
    change = compare("nprs", 6, 4)
    assert (change.verdict, change.difference, change.improvement) == ("improved", -2.0, 2.0)
    assert change.sources == ("OSTELO-2008", "CHILDS-2005")


def test_it_never_calls_a_change_below_the_minimal_detectable_change_improved() -> None:
    # 30 % or more of a small baseline, but 1 point: below the NPRS MDC of 2 (Childs 2005)
    # and the RMDQ MDC of 4-5 (Stratford 1996).
    for instrument_id, before, after in (("nprs", 2, 1), ("nprs", 1, 0), ("nprs", 3, 2)):
        assert compare(instrument_id, before, after).verdict == "no_meaningful_change"
    assert compare("rmdq", 3, 2).verdict == "no_meaningful_change"
    assert compare("rmdq", 6, 4).verdict == "no_meaningful_change"
    assert compare("nprs", 8, 7).verdict == "no_meaningful_change"
    explained = compare("rmdq", 3, 2).explanation
    assert "minimal detectable change, 4 points (Stratford et al., Phys Ther 1996)" in explained
    assert "this one is smaller" in explained


def test_it_judges_worsening_by_the_same_rule_as_improvement() -> None:
    # ODI 10 -> 19: +9 points but +90 % of the baseline; the reference's ODI MDC has no source.
    worse = compare("odi", 10.0, 19.0)
    assert worse.verdict == "worse"
    assert "marks its source uncertain" in worse.explanation
    assert compare("odi", 19.0, 10.0).verdict == "improved"
    assert compare("nprs", 3, 6).verdict == "worse"
    # Mirrored: 1 -> 2 is +100 % but below the MDC, as 2 -> 1 is.
    assert compare("nprs", 1, 2).verdict == "no_meaningful_change"


def test_it_says_so_where_the_reference_gives_no_minimal_detectable_change() -> None:
    assert "gives no minimal detectable change for the PSFS" in compare("psfs", 3, 6).explanation


def test_it_names_readable_citations_not_source_keys() -> None:
    explanation = compare("nprs", 6, 4).explanation
    assert "Ostelo et al., Spine 2008" in explanation and "OSTELO-2008" not in explanation


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
    assert compare("rmdq", 13, 9).verdict == "improved"  # 4 points: 31 % of 13, at the MDC


def test_it_judges_ndi_by_7_point_5_raw_points_but_never_inside_the_mdc_of_10_point_2() -> None:
    assert compare("ndi", 20, 12.5).verdict == "no_meaningful_change"
    assert compare("ndi", 20, 9.8).verdict == "improved"
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


def test_every_source_key_an_explanation_may_name_has_a_readable_citation() -> None:
    from knotwork.domain.citations import citations
    from knotwork.domain.outcomes import instruments

    for definition in instruments().values():
        for rule in definition.mcid_rules:
            assert set(rule.sources) | set(rule.mdc_sources) <= set(citations()), rule.key
