"""Scoring follows section D exactly, including missing-item rules and band boundaries."""

import pytest

from knotwork.domain.outcomes import AnswerError, score

M = None  # a missing answer


def test_it_scores_the_published_odi_example_of_16_out_of_50_as_32_percent() -> None:
    result = score("odi", [2, 2, 2, 2, 2, 2, 1, 1, 1, 1])
    assert (result.score, result.band, result.answered, result.valid) == (
        32.0,
        "moderate",
        10,
        True,
    )


def test_it_takes_5_off_the_odi_denominator_for_each_unanswered_section() -> None:
    # 16 points over 9 sections: 16/45 = 35.56 %, one decimal half up.
    result = score("odi", [2, 2, 2, 2, 2, 2, 1, 1, M, 2])
    assert (result.score, result.answered) == (35.6, 9)


def test_it_scores_odi_with_two_sections_missing_but_not_three() -> None:
    assert score("odi", [3, 3, 3, 3, 3, 3, 3, 3, M, M]).score == 60.0
    refused = score("odi", [3, 3, 3, 3, 3, 3, 3, M, M, M])
    assert (refused.valid, refused.score, refused.answered) == (False, None, 7)
    assert "at least 8" in refused.reason


@pytest.mark.parametrize(
    ("answers", "band"),
    [
        ([1] * 10, "minimal"),  # 20 %
        ([2, 1, 1, 1, 1, 1, 1, 1, 1, 1], "moderate"),  # 22 %
        ([2] * 10, "moderate"),  # 40 %
        ([3, 2, 2, 2, 2, 2, 2, 2, 2, 2], "severe"),  # 42 %
        ([4] * 10, "crippled"),  # 80 %
        ([5, 4, 4, 4, 4, 4, 4, 4, 4, 4], "bed_bound"),  # 82 %
    ],
)
def test_it_puts_odi_scores_in_fairbanks_bands(answers: list[int], band: str) -> None:
    assert score("odi", answers).band == band


def test_it_bands_an_odi_score_between_printed_bands_by_rounding_half_up() -> None:
    # 9 of 45 = 20.0 % and 10 of 45 = 22.2 %; 37 of 45 = 82.2 %.
    assert score("odi", [1, 1, 1, 1, 1, 1, 1, 1, 1, M]).band == "minimal"
    assert score("odi", [2, 1, 1, 1, 1, 1, 1, 1, 1, M]).band == "moderate"


def test_it_gives_ndi_raw_score_with_percent_beside_it() -> None:
    result = score("ndi", [2, 2, 2, 2, 2, 2, 1, 1, 1, 1])
    assert (result.score, result.percent, result.band) == (16, 32.0, "moderate")


def test_it_prorates_a_missing_ndi_section_by_the_mean_of_the_others() -> None:
    result = score("ndi", [2, 2, 2, 2, 2, 2, 1, 1, M, 2])
    assert (result.score, result.percent, result.answered) == (17.8, 35.6, 9)


@pytest.mark.parametrize(
    ("raw", "band"),
    [(4, "none"), (5, "mild"), (14, "mild"), (15, "moderate"), (24, "moderate"),
     (25, "severe"), (34, "severe"), (35, "complete"), (50, "complete")],
)  # fmt: skip
def test_it_puts_ndi_raw_scores_in_vernon_and_mior_bands(raw: int, band: str) -> None:
    answers = [min(5, max(0, raw - 5 * n)) for n in range(10)]
    assert sum(answers) == raw
    assert score("ndi", answers).band == band


def test_it_gives_the_ndi_percent_as_exactly_twice_the_raw_score_shown() -> None:
    result = score("ndi", [1, 0, 0, 0, 0, 0, 0, 0, M, M])
    assert (result.score, result.percent) == (1.3, 2.6)
    for answers in ([3, 1, 0, 2, 5, 4, 0, M, 1, 2], [1, 1, 1, 1, 1, 1, 1, 1, M, M]):
        shown = score("ndi", answers)
        assert shown.score is not None
        assert shown.percent == round(shown.score * 2, 1)


def test_it_refuses_ndi_with_three_sections_missing() -> None:
    assert score("ndi", [1, 1, 1, 1, 1, 1, 1, M, M, M]).valid is False


def test_it_counts_ticked_rmdq_statements_and_treats_two_unanswered_as_unticked() -> None:
    assert score("rmdq", [1] * 7 + [0] * 17).score == 7
    assert score("rmdq", [1] * 7 + [0] * 15 + [M, M]).score == 7
    refused = score("rmdq", [1] * 7 + [0] * 14 + [M, M, M])
    assert (refused.valid, refused.score) == (False, None)


def test_it_scores_psfs_as_the_mean_and_keeps_each_activity() -> None:
    result = score("psfs", [3, 4, 6])
    assert result.score == 4.33
    assert dict(result.subscales) == {"activity_1": 3, "activity_2": 4, "activity_3": 6}


def test_it_leaves_an_unrated_psfs_activity_out_of_the_mean() -> None:
    assert score("psfs", [2, M, 6, 8, 4]).score == 5.0
    assert score("psfs", [M]).valid is False


def test_it_refuses_more_than_five_psfs_activities() -> None:
    with pytest.raises(AnswerError):
        score("psfs", [5] * 6)


def _start_back(physical: int, psychosocial_agree: int, item9: int) -> list[int]:
    """Items 1-4 with `physical` agrees, items 5-8 with `psychosocial_agree`, and item 9."""
    return (
        [1] * physical
        + [0] * (4 - physical)
        + [1] * psychosocial_agree
        + [0] * (4 - psychosocial_agree)
        + [item9]
    )


@pytest.mark.parametrize(
    ("answers", "total", "psychosocial", "band"),
    [
        (_start_back(0, 3, 3), 4, 4, "high"),
        (_start_back(1, 2, 0), 3, 2, "low"),
        (_start_back(0, 3, 2), 3, 3, "low"),  # "moderately" does not count
        (_start_back(1, 3, 0), 4, 3, "medium"),
        (_start_back(4, 0, 4), 5, 1, "medium"),
        (_start_back(4, 4, 4), 9, 5, "high"),
        (_start_back(0, 0, 0), 0, 0, "low"),
    ],
)
def test_it_scores_start_back_total_subscale_and_risk_group(
    answers: list[int], total: int, psychosocial: int, band: str
) -> None:
    result = score("start_back", answers)
    assert (result.score, result.subscales["psychosocial"], result.band) == (
        total,
        psychosocial,
        band,
    )


def test_it_counts_start_back_item_9_only_from_very_much() -> None:
    scores = [score("start_back", [0] * 8 + [answer]).score for answer in range(5)]
    assert scores == [0, 0, 0, 1, 1]


def test_it_needs_every_start_back_item() -> None:
    assert score("start_back", [1] * 8 + [M]).valid is False


def test_it_reverses_pss10_items_4_5_7_and_8() -> None:
    assert score("pss10", [0] * 10).score == 16
    assert score("pss10", [4] * 10).score == 24
    lowest = [0, 0, 0, 4, 4, 0, 4, 4, 0, 0]
    assert score("pss10", lowest).score == 0
    assert score("pss10", [4 - a for a in lowest]).score == 40


@pytest.mark.parametrize(
    ("total", "band"), [(0, "low"), (13, "low"), (14, "moderate"), (26, "moderate"), (27, "high")]
)
def test_it_puts_pss10_totals_in_the_conventional_bands(total: int, band: str) -> None:
    points = [min(4, max(0, total - 4 * n)) for n in range(10)]
    # A reversed item scores 4 - answer, so it is answered 4 - points to give those points.
    answers = [4 - p if number in (4, 5, 7, 8) else p for number, p in enumerate(points, 1)]
    result = score("pss10", answers)
    assert (result.score, result.band) == (total, band)


def test_it_does_not_score_pss10_with_any_item_missing() -> None:
    assert score("pss10", [2] * 9 + [M]).valid is False


@pytest.mark.parametrize(
    ("pain", "band"), [(0, "none"), (3, "mild"), (4, "moderate"), (7, "severe")]
)
def test_it_scores_nprs_as_the_number_with_its_band(pain: int, band: str) -> None:
    assert (score("nprs", [pain]).score, score("nprs", [pain]).band) == (pain, band)


def test_it_scores_the_stress_rating_without_a_band() -> None:
    assert (score("stress", [6]).score, score("stress", [6]).band) == (6, None)


def test_it_names_the_item_when_an_answer_is_out_of_range() -> None:
    with pytest.raises(AnswerError, match="item 9") as caught:
        score("start_back", [0] * 8 + [5])
    assert caught.value.item == 9


def test_it_refuses_a_wrong_number_of_answers() -> None:
    with pytest.raises(AnswerError, match="takes 10 answers, not 9") as caught:
        score("odi", [1] * 9)
    assert caught.value.item == 0


def test_it_refuses_start_back_items_1_to_8_other_than_0_or_1() -> None:
    with pytest.raises(AnswerError, match="item 3"):
        score("start_back", [0, 0, 2, 0, 0, 0, 0, 0, 0])


def test_it_gives_the_json_shape_of_the_issue() -> None:
    assert score("odi", [2, 2, 2, 2, 2, 2, 2, 2, 2, 2]).to_dict() == {
        "instrument": "odi",
        "score": 40.0,
        "band": "moderate",
        "answered": 10,
        "valid": True,
        "subscales": {},
    }
