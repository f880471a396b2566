"""The candidates page and API rank with the patient's intake by default, visibly and adjustably."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from knotwork.domain.painmap import to_json
from knotwork.domain.referral import rank_json
from knotwork.intake.demo import complete_intake
from tests.conftest import Personas
from tests.intake.conftest import valid_steps

FACTORS = ["lifting", "bending_twisting"]
FEATURES = ["pain_rising", "pain_bending_lifting"]


@pytest.fixture
def intake(personas: Personas):
    """A submitted intake: started lifting and twisting, worse rising and bending, stress 6."""
    steps = valid_steps()
    steps["start"] = {"started": "sudden", "factors": FACTORS}
    steps["positions"] = {"aggravating": FEATURES}
    return complete_intake(actor=personas.therapist_a, patient=personas.patient, steps=steps)


def page_url(pain_map) -> str:
    return f"/pain-maps/{pain_map.pk}/trigger-points/"


def api_url(pain_map) -> str:
    return f"/api/v1/pain-maps/{pain_map.pk}/candidates"


def ranked_with(pain_map, factors: list[str], features: list[str]) -> dict[str, Any]:
    marks = to_json(pain_map.to_domain())["marks"]
    return rank_json({"marks": marks, "factors": factors, "features": features, "top": 12})


def first_candidate(page: str) -> str:
    found = re.search(r'data-candidate="([^"]+)"', page)
    assert found
    return found.group(1)


def key(candidate: dict[str, Any]) -> str:
    return f"{candidate['muscle']}/{candidate['trigger_point']}/{candidate['side']}"


def test_it_ranks_the_page_with_the_intakes_factors_and_says_so(
    therapist: Client, low_back_map, intake
) -> None:
    page = therapist.get(page_url(low_back_map)).content.decode()
    expected = ranked_with(low_back_map, FACTORS, FEATURES)["candidates"]
    assert first_candidate(page) == key(expected[0])
    assert 'data-context-source="intake"' in page
    assert f"intake of {intake.finished_at:%-d %b %Y}" in page
    assert "Lifting or hauling loads; Bending, stooping or twisting" in page
    assert "Stress over the past week: 6/10" in page
    # Each intake answer is ticked in the picker and labelled as the intake's.
    for factor in FACTORS:
        assert re.search(rf'value="{factor}" checked> [^<]+ <span class="badge from-intake">', page)
    # The explanation names the factors that matched.
    matched = next(c for c in expected if c["factors"])
    assert "Matches intake factor" in page
    assert "Lifting or hauling loads" in page.split(f'data-candidate="{key(matched)}"', 1)[1]


def test_it_ranks_with_what_the_therapist_ticks_instead_even_nothing(
    therapist: Client, low_back_map, intake
) -> None:
    page = therapist.get(page_url(low_back_map), {"context": "adjusted"}).content.decode()
    assert 'data-context-source="adjusted"' in page
    assert "Matches intake factor" not in page
    assert "Use the intake's answers" in page
    assert "The intake reported: Lifting or hauling loads" in page
    # Choosing a candidate keeps the adjusted context in its address.
    assert "context=adjusted" in page


def test_it_says_when_there_is_no_intake_to_use(therapist: Client, low_back_map) -> None:
    page = therapist.get(page_url(low_back_map)).content.decode()
    assert 'data-context-source="none"' in page
    assert "No submitted intake yet" in page


def test_it_answers_the_api_with_the_intakes_context_by_default(
    therapist: Client, low_back_map, intake
) -> None:
    answer = therapist.get(api_url(low_back_map)).json()
    marks = to_json(low_back_map.to_domain())["marks"]
    expected = rank_json({"marks": marks, "factors": FACTORS, "features": FEATURES})
    assert answer["candidates"] == expected["candidates"]
    assert answer["context"]["source"] == "intake"
    assert (answer["context"]["factors"], answer["context"]["features"]) == (FACTORS, FEATURES)
    assert answer["context"]["intake"]["id"] == intake.pk


def test_it_lets_the_api_rank_without_the_intake(therapist: Client, low_back_map, intake) -> None:
    answer = therapist.get(api_url(low_back_map), {"use_intake": "false"}).json()
    assert (
        answer["candidates"]
        == rank_json({"marks": to_json(low_back_map.to_domain())["marks"]})["candidates"]
    )
    assert answer["context"]["source"] == "none"
    assert answer["context"]["intake"]["factors"] == FACTORS
