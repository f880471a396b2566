"""Muscle pages: browse, search by name or by where it hurts, and read one muscle's facts."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.test import Client

from knotwork.domain import knowledge


def test_it_lists_every_muscle_of_the_knowledge_base(patient_client: Client) -> None:
    page = patient_client.get("/muscles/").content.decode()
    assert f"All {len(knowledge.load().muscles)} muscles" in page
    assert "/muscles/quadratus_lumborum/" in page


def test_it_finds_muscles_by_name(therapist: Client) -> None:
    """(The search itself is `knowledge.search`; these pages show what it found and why.)"""
    page = therapist.get("/muscles/", {"q": "trapez"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in page
    assert "/muscles/trapezius/" in page
    assert "/muscles/masseter/" not in page


def test_it_finds_muscles_by_where_it_hurts(therapist: Client) -> None:
    kb = knowledge.load()
    page = therapist.get("/muscles/", {"region": "temple_left"}).content.decode()
    expected = kb.muscles_referring_to("temple_left")
    assert expected, "the base has muscles referring to the temple"
    for muscle_id in expected:
        assert f"/muscles/{muscle_id}/" in page
    assert "/muscles/quadratus_lumborum/" not in page


def test_it_offers_places_that_match_a_typed_word(therapist: Client) -> None:
    page = therapist.get("/muscles/", {"q": "temple"}).content.decode()
    assert "?region=temple_left" in page


def test_it_shows_a_muscles_zones_care_and_sources(therapist: Client) -> None:
    muscle = knowledge.load().muscle("sternocleidomastoid")
    page = therapist.get("/muscles/sternocleidomastoid/").content.decode()
    assert muscle.label in page
    for tp in muscle.trigger_points:
        assert tp.locate.replace("'", "&#x27;") in page
    assert page.count("<svg") == len(muscle.trigger_points)
    assert "Essential zone (solid)" in page
    for caution in muscle.cautions:
        assert caution.replace("'", "&#x27;") in page
    kb = knowledge.load()
    for number, key in enumerate(muscle.sources, start=1):
        title = kb.sources[key].title.replace("'", "&#x27;").replace("&", "&amp;")
        assert f'<li id="source-{number}" value="{number}">{title}</li>' in page
    assert "Confidence of the reference" in page


def test_it_marks_what_the_reference_calls_uncertain(therapist: Client) -> None:
    kb = knowledge.load()
    uncertain = next(m for m in kb.muscles.values() if any(t.uncertain for t in m.trigger_points))
    page = therapist.get(f"/muscles/{uncertain.id}/").content.decode()
    assert "Uncertain in the reference" in page


def test_it_answers_404_for_a_muscle_it_does_not_know(therapist: Client) -> None:
    assert therapist.get("/muscles/biceps/").status_code == 404


def test_it_sends_an_anonymous_visitor_to_log_in(db) -> None:
    assert Client().get("/muscles/").status_code == 302


@pytest.mark.parametrize(
    ("query", "muscle_id", "why"),
    [
        ("SCM", "sternocleidomastoid", "also called SCM"),
        ("QL", "quadratus_lumborum", "also called QL"),
        ("tfl", "tensor_fasciae_latae", "also called TFL"),
        ("traps", "trapezius", "also called traps"),
        ("headache", "temporalis", "temporal headache"),
        ("tennis elbow", "extensor_carpi_radialis", "tennis-elbow"),
        ("sciatica-like", "gluteus_minimus", "can mimic: pseudo-sciatica"),
        ("jaw clicking", "lateral_pterygoid", "clicking"),
    ],
)
def test_it_finds_muscles_by_abbreviation_common_name_and_symptom_saying_why(
    therapist: Client, query: str, muscle_id: str, why: str
) -> None:
    page = unescape(
        therapist.get("/muscles/", {"q": query}, HTTP_HX_REQUEST="true").content.decode()
    )
    found = re.search(
        rf'href="/muscles/{muscle_id}/"[^>]*>[^<]+</a>\s*<span class="muscle-why">([^<]+)', page
    )
    assert found, f"{query!r} does not find {muscle_id}"
    assert why in found.group(1)
    # Only what the knowledge base's search finds is listed, in its order.
    listed = re.findall(r'href="/muscles/([a-z_]+)/" class="muscle-name"', page)
    assert listed == [m.muscle for m in knowledge.search(query)]


def test_it_says_so_when_nothing_matches(therapist: Client) -> None:
    page = therapist.get("/muscles/", {"q": "zzzz"}).content.decode()
    assert "No muscle matches" in page and "abbreviation" in page


@pytest.mark.parametrize("muscle_id", list(knowledge.load().muscles))
def test_it_never_shows_internal_notes_ids_or_source_keys(
    therapist: Client, muscle_id: str
) -> None:
    kb = knowledge.load()
    muscle = kb.muscle(muscle_id)
    html = therapist.get(f"/muscles/{muscle_id}/").content.decode()
    # What people read: the text between tags, without the markup's own attributes.
    text = unescape(re.sub(r"<[^>]+>", " ", html[html.index("<main") :]))
    words = set(re.findall(r"[\w-]+", text))
    for tp in muscle.trigger_points:
        if tp.encoding_note:
            assert tp.encoding_note[:40] not in text
        # Ids with an underscore ("low_back_S", "si_joint_S") never occur in prose.
        for token in (*tp.sites, *tp.essential, *tp.spillover, *tp.uncertain_zones):
            assert "_" not in token or token not in words, f"zone token {token} shown"
    for key in muscle.sources:
        assert key not in words, f"source key {key} shown"
    assert "split_note" not in html and "referral_by_trp" not in text
