"""The heat map of many pain maps: shares coloured on the blue scale, hidden regions hatched
grey and labelled, the legend naming both."""

from __future__ import annotations

import re

from knotwork.domain.bodymap.heat import HIDDEN_FILL, SHARE_BANDS, render_shares, share_colour


def region_path(svg: str, region: str) -> str:
    found = re.search(rf'<path [^>]*data-region="{region}"[^>]*>.*?</path>', svg)
    assert found is not None, region
    return found.group(0)


def test_it_colours_a_region_by_its_share() -> None:
    svg = render_shares({"low_back_left": 60.0}, title="First maps", hidden_text="fewer than 5")
    path = region_path(svg, "low_back_left")
    assert f'fill="{share_colour(60.0)}"' in path
    assert "Low back" in path and "60% of patients" in path


def test_it_draws_a_hidden_region_hatched_and_says_why() -> None:
    svg = render_shares(
        {"low_back_left": None}, title="First maps", hidden_text="fewer than 5 patients"
    )
    path = region_path(svg, "low_back_left")
    assert 'fill="url(#heat-hidden)"' in path
    assert "fewer than 5 patients" in path
    assert HIDDEN_FILL in svg
    # The legend names every band and the hidden swatch.
    assert svg.count("fewer than 5 patients") > 1
    assert "75% or more" in svg


def test_it_bands_shares_from_the_lowest() -> None:
    assert share_colour(0.0) == SHARE_BANDS[0][1]
    assert share_colour(10.0) == SHARE_BANDS[1][1]
    assert share_colour(100.0) == SHARE_BANDS[-1][1]
