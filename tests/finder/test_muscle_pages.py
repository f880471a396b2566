"""Muscle pages: browse, search by name or by where it hurts, and read one muscle's facts."""

from __future__ import annotations

from django.test import Client

from knotwork.domain import knowledge


def test_it_lists_every_muscle_of_the_knowledge_base(patient_client: Client) -> None:
    page = patient_client.get("/muscles/").content.decode()
    assert f"All {len(knowledge.load().muscles)} muscles" in page
    assert "/muscles/quadratus_lumborum/" in page


def test_it_finds_muscles_by_name(therapist: Client) -> None:
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
    for key in muscle.sources:
        assert f"<strong>{key}</strong>" in page
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
