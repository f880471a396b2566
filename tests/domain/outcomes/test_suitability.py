"""Baseline instruments follow the pain type: ODI for low back, NDI for neck, PSFS for anything."""

import pytest

from knotwork.domain.outcomes import baseline_instruments


def test_it_suggests_odi_and_start_back_for_low_back_pain() -> None:
    chosen = baseline_instruments(["low_back"])
    assert {"odi", "start_back", "psfs", "nprs"} <= set(chosen)
    assert "ndi" not in chosen


def test_it_suggests_ndi_for_neck_pain() -> None:
    chosen = baseline_instruments(["neck"])
    assert "ndi" in chosen
    assert "odi" not in chosen and "start_back" not in chosen


def test_it_suggests_psfs_for_every_pain_type() -> None:
    for pain_type in ("low_back", "neck", "headache", "facial", "other"):
        assert "psfs" in baseline_instruments([pain_type])


def test_it_offers_rmdq_only_as_an_alternative_to_odi() -> None:
    assert "rmdq" not in baseline_instruments(["low_back"])
    assert "rmdq" in baseline_instruments(["low_back"], levels=("alternative",))
    assert "rmdq" not in baseline_instruments(["neck"], levels=("alternative",))


def test_it_combines_the_instruments_of_several_pain_types() -> None:
    chosen = baseline_instruments(["low_back", "neck"])
    assert {"odi", "ndi"} <= set(chosen)


def test_it_refuses_an_unknown_pain_type() -> None:
    with pytest.raises(ValueError, match="knee"):
        baseline_instruments(["knee"])
