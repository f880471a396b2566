"""Each candidate's reasons on the page: every way a pattern reaches the pain, in plain words,
with the numbers of the finder's JSON and the credits of its rule; and the cover list."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from html import unescape
from typing import Any

from django.test import Client

from knotwork.domain import knowledge
from knotwork.domain.painmap import to_json
from knotwork.domain.referral import rank_json
from knotwork.domain.referral.patterns import prepared
from knotwork.domain.referral.scoring import CONFIDENCE_WEIGHT, COVERAGE_EXPONENT, CREDIT
from knotwork.domain.referral.ties import find_ties
from knotwork.finder.presenters import ZONE_WORDS, label
from knotwork.painmaps.models import DrawnVia
from knotwork.painmaps.services import record_pain_map


def page_of(client: Client, pain_map) -> str:
    return unescape(client.get(f"/pain-maps/{pain_map.pk}/trigger-points/").content.decode())


def drawn(personas, levels: dict[str, int]):
    return record_pain_map(
        actor=personas.therapist_a,
        patient=personas.patient,
        marks=[{"region": r, "intensity": i} for r, i in levels.items()],
        via=DrawnVia.CLINIC,
    )


def ranked(pain_map, top: int = 12) -> dict[str, Any]:
    return rank_json({"marks": to_json(pain_map.to_domain())["marks"], "top": top})


def two(value: float) -> str:
    """Two decimals, half up, as the page's `floatformat` writes a number of the JSON."""
    return str(Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def test_it_says_every_way_a_pattern_reaches_the_pain_with_the_credit_it_counts(
    therapist: Client, low_back_map
) -> None:
    page = page_of(therapist, low_back_map)
    zones = {e["zone"] for c in ranked(low_back_map)["candidates"] for e in c["explains"]}
    assert zones == set(CREDIT), "the map shows every kind of reason"
    for zone in zones:
        counted = "counted in full" if CREDIT[zone] == 1 else f"counted at {CREDIT[zone]:g}"
        found = re.search(rf'data-zone="{zone}">{re.escape(ZONE_WORDS[zone])}: (.+?)</li>', page)
        assert found, f"no {zone} reason on the page"
        assert f"({counted})" in found.group(1)


def test_it_shows_each_candidates_regions_and_numbers_as_the_finder_gives_them(
    therapist: Client, low_back_map
) -> None:
    page = page_of(therapist, low_back_map)
    items = page.split('<li class="finder-candidate')[1:]
    candidates = ranked(low_back_map)["candidates"]
    assert len(items) == len(candidates)
    for item, c in zip(items, candidates, strict=True):
        for e in c["explains"]:
            assert f"{label(e['region'])} ({e['intensity']}/10)" in item
        for region_id in c["unexplained_essential"]:
            assert label(region_id) in item
        assert f"Pattern fit {two(c['base_score'])}" in item
        assert f"(coverage {two(c['coverage'])})" in item
        assert f"(essential fit {two(c['essential_fit'])})" in item
        assert f"fit {two(c['score'])}" in item
        # The written rule gives the shown fit back from the shown numbers.
        weight = CONFIDENCE_WEIGHT[c["confidence"]]
        fit = c["coverage"] ** COVERAGE_EXPONENT * c["essential_fit"] ** (1 / 3) * weight
        assert abs(fit - c["base_score"]) < 0.003
        assert 'href="/trigger-points/how-they-are-ranked/">How this is scored</a>' in item


def test_it_says_which_trigger_points_of_a_row_scored_it(therapist: Client, personas) -> None:
    pain_map = drawn(personas, {"low_back_right": 6})
    quadratus = next(
        c for c in ranked(pain_map)["candidates"] if c["muscle"] == "quadratus_lumborum"
    )
    assert quadratus["part"] == "upper"
    page = page_of(therapist, pain_map)
    assert "Scored by its upper trigger points, whose own essential zone is" in page


def test_it_lists_a_cover_that_adds_each_region_once_and_says_it_explains_the_whole_map(
    therapist: Client, personas
) -> None:
    pain_map = drawn(
        personas, {"neck_back_upper_right": 6, "shoulder_top_right": 5, "occiput_right": 4}
    )
    assert len(ranked(pain_map)["cover"]) > 1
    page = page_of(therapist, pain_map)
    assert "Together these explain the whole map" in page
    cover = page[
        page.index('class="finder-cover"') : page.index("</ol>", page.index("finder-cover"))
    ]
    items = re.findall(r"<li>(.*?)</li>", cover, re.S)
    assert ": explains " in items[0] and all(": adds " in item for item in items[1:])
    for region_id in ("neck_back_upper_right", "shoulder_top_right", "occiput_right"):
        assert cover.count(label(region_id)) == 1, f"{region_id} is listed more than once"


def test_it_says_what_a_cover_leaves_unexplained(therapist: Client, personas) -> None:
    scattered = {
        "temple_right": 5,
        "hand_radial_left": 5,
        "heel_right": 5,
        "knee_front_left": 5,
        "sternum": 5,
        "calf_left": 4,
        "shin_right": 4,
        "forearm_back_right": 4,
    }
    pain_map = drawn(personas, scattered)
    cover = ranked(pain_map)["cover"]
    covered = {e["region"] for item in cover for e in item["adds"]}
    left = [r for r in scattered if r not in covered]
    assert left, "the case needs a map the cover cannot finish"
    page = page_of(therapist, pain_map)
    heading = f"Together these explain {len(covered)} of the {len(scattered)} painful regions"
    assert heading in page
    assert "Together these explain the whole map" not in page
    for region_id in left:
        assert label(region_id) in page[page.index("Not explained by these") :]


def test_it_explains_the_ranking_rule_with_the_finders_own_numbers(therapist: Client) -> None:
    page = unescape(therapist.get("/trigger-points/how-they-are-ranked/").content.decode())
    for zone, credit in CREDIT.items():
        assert re.search(rf"{re.escape(ZONE_WORDS[zone])}</td><td[^>]*>{credit:g} ", page), zone
    assert "coverage<sup>2/3</sup> × essential fit<sup>1/3</sup>" in page
    assert "up to 0.5 of one painful region" in page
    assert f"the {len(knowledge.load().muscles)} muscles of the knowledge base" in page
    assert "never diagnoses" in page


def test_it_says_when_the_drawing_cannot_tell_two_candidates_apart(
    therapist: Client, personas
) -> None:
    pain_map = drawn(personas, {"low_back_right": 6})
    ties = find_ties(ranked(pain_map)["candidates"])
    assert ties, "right low back pain has candidates the drawing explains alike"
    page = page_of(therapist, pain_map)
    for tie in ties:
        assert tie.note in page
        first, *others = (p + 1 for p in tie.positions)
        assert f"same fit as #{others[0]}" in page
        assert f"Same fit as #{first}:" in page


def test_it_gives_each_matched_answer_its_specificity(therapist: Client, low_back_map) -> None:
    page = unescape(
        therapist.get(
            f"/pain-maps/{low_back_map.pk}/trigger-points/", {"factor": "lifting"}
        ).content.decode()
    )
    weight = prepared(knowledge.load()).specificity["lifting"]
    label_of = knowledge.load().factor_vocabulary()["lifting"]
    assert f"{label_of} {two(weight)})" in page
    assert "times how specific it is to a muscle" in page


def test_the_ranking_page_names_its_sources_in_words_not_section_codes(therapist: Client) -> None:
    page = unescape(therapist.get("/trigger-points/how-they-are-ranked/").content.decode())
    assert "Travell & Simons' essential zone" in page
    assert "the clinical reference's suggested scoring" in page
    assert not re.search(r"reference [A-G]\b|\b[A-G]\.\d", page)


def test_it_says_when_a_rows_trigger_points_scored_it_together(therapist: Client, personas) -> None:
    pain_map = drawn(personas, {"jaw_right": 6, "cheek_right": 5, "ear_right": 4})
    masseter = next(c for c in ranked(pain_map)["candidates"] if c["muscle"] == "masseter")
    assert masseter["part"] == "together"
    page = page_of(therapist, pain_map)
    assert (
        "Scored by its trigger points together (superficial layer (upper, middle, lower) and "
        "deep layer): the reference gives them a zone of their own." in page
    )
