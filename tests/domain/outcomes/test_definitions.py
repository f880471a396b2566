"""Instrument definitions load from data and match section D of the clinical reference."""

import pytest

from knotwork.domain.outcomes import INSTRUMENT_IDS, UnknownInstrument, instrument, instruments
from knotwork.domain.outcomes.definitions import DefinitionError, build

# Item counts and response numbering as section D gives them.
EXPECTED_ITEMS = {
    "nprs": (1, tuple(range(11))),
    "odi": (10, tuple(range(6))),
    "rmdq": (24, (0, 1)),
    "ndi": (10, tuple(range(6))),
    "pss10": (10, tuple(range(5))),
    "stress": (1, tuple(range(11))),
}


def test_it_defines_every_instrument_the_issue_names() -> None:
    assert set(instruments()) == {
        "nprs",
        "odi",
        "rmdq",
        "ndi",
        "psfs",
        "start_back",
        "pss10",
        "stress",
    }


@pytest.mark.parametrize("instrument_id", sorted(EXPECTED_ITEMS))
def test_it_gives_each_instrument_its_item_count_and_option_numbers(instrument_id: str) -> None:
    count, values = EXPECTED_ITEMS[instrument_id]
    definition = instrument(instrument_id)
    assert definition.item_count == count
    assert {item.response.values for item in definition.items} == {values}


def test_it_numbers_start_back_items_1_to_8_agree_and_item_9_on_five_options() -> None:
    definition = instrument("start_back")
    assert [item.response.values for item in definition.items[:8]] == [(0, 1)] * 8
    assert definition.item(9).response.values == (0, 1, 2, 3, 4)
    assert definition.item(9).response.options[0].label == "Not at all"
    assert definition.item(9).response.options[4].label == "Extremely"


def test_it_lets_psfs_take_one_to_five_activities() -> None:
    assert instrument("psfs").repeat == (1, 5)


@pytest.mark.parametrize("instrument_id", ["odi", "rmdq", "ndi", "start_back", "pss10"])
def test_it_ships_no_item_wording_where_the_licence_does_not_allow_it(instrument_id: str) -> None:
    definition = instrument(instrument_id)
    assert definition.ships_wording is False
    assert all(item.text is None for item in definition.items)


@pytest.mark.parametrize("instrument_id", ["nprs", "stress"])
def test_it_ships_wording_for_free_instruments(instrument_id: str) -> None:
    assert all(item.text for item in instrument(instrument_id).items)


@pytest.mark.parametrize("instrument_id", INSTRUMENT_IDS)
def test_it_names_sources_for_every_instrument(instrument_id: str) -> None:
    definition = instrument(instrument_id)
    assert definition.licence
    if instrument_id != "stress":
        assert definition.sources
    for rule in definition.mcid_rules:
        assert rule.sources


def test_it_reads_the_mcid_figures_of_section_d() -> None:
    figures = {i: (m.points, m.percent) for i, d in instruments().items() if (m := d.mcid())}
    assert figures == {
        "nprs": (2.0, 30.0),
        "odi": (10.0, 30.0),
        "rmdq": (5.0, 30.0),
        "ndi": (7.5, None),
        "psfs": (2.0, None),
    }


def test_it_refuses_an_unknown_instrument_by_name() -> None:
    with pytest.raises(UnknownInstrument, match="sf36"):
        instrument("sf36")


def test_it_refuses_a_definition_that_ships_wording_against_its_licence() -> None:
    raw = {
        "id": "demo",
        "name": "Demo",
        "higher_is": "worse",
        "licence": {"summary": "licensed", "ships_wording": False},
        "responses": {"yn": {"options": [{"value": 0, "label": "No"}]}},
        "items": [{"label": "Item 1", "text": "Licensed words", "response": "yn"}],
        "scoring": {"method": "single_item"},
        "suits": {"pain_types": ["any"], "baseline": "optional"},
    }
    with pytest.raises(DefinitionError, match="licence"):
        build(raw)


def test_each_instrument_gives_its_score_range_and_its_bands_lie_inside_it() -> None:
    ranges = {i.id: i.score_range for i in instruments().values()}
    assert ranges["odi"] == (0, 100) and ranges["ndi"] == (0, 50) and ranges["rmdq"] == (0, 24)
    for definition in instruments().values():
        low, high = definition.score_range
        assert all(low <= band.minimum <= band.maximum <= high for band in definition.bands)


def test_it_refuses_a_definition_without_a_usable_score_range() -> None:
    raw = {
        "id": "demo",
        "name": "Demo",
        "higher_is": "worse",
        "licence": {"summary": "ours", "ships_wording": True},
        "responses": {"yn": {"options": [{"value": 0, "label": "No"}]}},
        "items": [{"label": "Item 1", "response": "yn"}],
        "scoring": {"method": "single_item", "range": [10, 0]},
        "suits": {"pain_types": ["any"], "baseline": "optional"},
    }
    with pytest.raises(DefinitionError, match=r"scoring\.range"):
        build(raw)
