"""Issue 15: the finder counts trigger-point sites and neighbouring regions, follows the map's
side, and the knowledge base explains every drawable region of the body map."""

from __future__ import annotations

import json

import pytest

from knotwork.domain import anatomy, knowledge
from knotwork.domain.painmap import Mark, PainMap
from knotwork.domain.referral import rank
from knotwork.domain.referral.adjacency import derive, neighbours
from knotwork.domain.referral.scoring import site_regions


def pain(**levels: int) -> PainMap:
    return PainMap(tuple(Mark(region, level) for region, level in levels.items()))


def first_muscles(pain_map: PainMap, n: int = 3) -> list[str]:
    return list(dict.fromkeys(c.muscle for c in rank(pain_map).candidates))[:n]


def test_it_lists_quadratus_lumborum_among_the_first_three_for_right_low_back_pain() -> None:
    ranking = rank(pain(low_back_right=6))
    assert "quadratus_lumborum" in first_muscles(pain(low_back_right=6))
    ql = next(c for c in ranking.candidates if c.muscle == "quadratus_lumborum")
    # The reason: its deep trigger points lie in the low back (pain at the site), and several
    # sources place pain in the low back itself (spillover, reference B.8.7): both count.
    assert ql.side == "right"
    assert [(e.region, e.zone) for e in ql.explains] == [("low_back_right", "site_spillover")]


def test_it_lists_upper_trapezius_for_neck_top_of_shoulder_and_back_of_the_head() -> None:
    pain_map = pain(neck_back_upper_right=5, shoulder_top_right=5, occiput_right=5)
    top = rank(pain_map).candidates[:3]
    upper = next(c for c in top if (c.muscle, c.trigger_point) == ("trapezius", "upper_fibres"))
    assert {(e.region, e.zone) for e in upper.explains} == {
        ("neck_back_upper_right", "essential"),
        ("occiput_right", "spillover"),
        ("shoulder_top_right", "site"),
    }


def test_it_lists_a_jaw_or_temple_muscle_first_for_temple_eye_and_jaw_pain() -> None:
    pain_map = pain(temple_right=5, eye_right=5, jaw_right=5)
    top = first_muscles(pain_map)
    assert {"temporalis", "masseter", "trapezius"} & set(top)
    first = rank(pain_map).candidates[0]
    assert first.side == "right" and first.explains


def test_it_credits_a_region_next_to_an_essential_zone_weakly() -> None:
    # The flank touches the low back on the body map; iliopsoas's essential zone holds the low
    # back, so flank pain beside low back pain is an adjacent hit, worth less than a zone.
    assert "flank_right" in neighbours()["low_back_right"]
    psoas = next(
        c for c in rank(pain(low_back_right=6, flank_right=4)).candidates if c.muscle == "iliopsoas"
    )
    assert ("flank_right", "adjacent") in {(e.region, e.zone) for e in psoas.explains}


def test_it_never_gives_an_adjacent_hit_across_the_midline() -> None:
    for candidate in rank(pain(low_back_right=6, low_back_left=2)).candidates:
        for explained in candidate.explains:
            if explained.zone == "adjacent" and candidate.side != "midline":
                assert anatomy.region(explained.region).side in ("midline", candidate.side)


def test_it_keeps_the_shipped_adjacency_in_step_with_the_body_map_shapes() -> None:
    shipped = {region: sorted(near) for region, near in neighbours().items()}
    assert shipped == derive()


def test_it_puts_same_side_patterns_before_a_band_across_both_sides_on_a_one_sided_map() -> None:
    candidates = rank(pain(low_back_right=6)).candidates
    band = next(
        c for c in candidates if (c.muscle, c.trigger_point) == ("rectus_abdominis", "lower")
    )
    ql = next(c for c in candidates if c.muscle == "quadratus_lumborum")
    assert band.essential_fit <= ql.essential_fit
    assert candidates.index(ql) < candidates.index(band)


def test_it_shows_a_band_pattern_once_on_the_side_of_the_map() -> None:
    for side in ("left", "right"):
        bands = [
            c
            for c in rank(pain(**{f"low_back_{side}": 6, "sacrum": 3})).candidates
            if (c.muscle, c.trigger_point) == ("rectus_abdominis", "lower")
        ]
        assert [c.side for c in bands] == [side]


def test_it_adds_only_uncovered_regions_to_the_cover_and_stops_when_covered() -> None:
    pain_map = pain(
        iliac_crest_right=6, hip_lateral_right=5, buttock_upper_right=5, thigh_lateral_right=4
    )
    cover = rank(pain_map).cover
    added = [e.region for item in cover for e in item.adds]
    assert len(added) == len(set(added))
    assert set(added) <= set(pain_map.painful)
    if set(added) == set(pain_map.painful):
        assert all(item.adds for item in cover)


def test_it_explains_every_drawable_region_of_the_body_map() -> None:
    kb = knowledge.load()
    explained: set[str] = set()
    for tp in kb.trigger_points():
        for pattern in tp.patterns:
            explained |= set(pattern.essential) | set(pattern.spillover)
            explained |= set(site_regions(tp.sites, pattern.side))
    drawable = {r.id for r in anatomy.regions().values() if r.view != "inner"}
    assert drawable - explained == set()


def test_it_holds_every_muscle_of_reference_b8_with_sources_and_trigger_points() -> None:
    kb = knowledge.load()
    for muscle_id in (
        "adductor_magnus",
        "subscapularis",
        "gastrocnemius",
        "supinator",
        "buccinator",
    ):
        muscle = kb.muscle(muscle_id)
        assert muscle.trigger_points and muscle.sources[0] in ("TS1", "TS2")
    assert len(kb.muscles) == 78


@pytest.mark.parametrize("muscle_id", sorted(knowledge.load().muscles))
def test_it_keeps_internal_notes_ids_and_source_keys_out_of_texts_people_read(
    muscle_id: str,
) -> None:
    kb = knowledge.load()
    muscle = kb.muscle(muscle_id)
    texts = [muscle.name, *muscle.cautions, *muscle.self_care]
    for tp in muscle.trigger_points:
        texts += [tp.name, tp.locate, *tp.features_text, *tp.mimics, *tp.other_symptoms]
        texts += [*tp.uncertain_notes, *(note.text for note in tp.activating + tp.perpetuating)]
    keys = set(kb.sources)
    for text in texts:
        words = set(text.replace("(", " ").replace(")", " ").replace(",", " ").split())
        assert not words & keys, (text, words & keys)
        assert "_" not in text, text  # region, factor or rule ids
        for internal in ("referral_by_trp", "encod", "Split by", "reference's", "rf_"):
            assert internal not in text, text


def test_it_keeps_the_reading_notes_in_a_field_for_developers() -> None:
    ql = knowledge.load().muscle("quadratus_lumborum").trigger_point("superficial")
    assert "referral_by_trp" in ql.encoding_note
    assert not hasattr(ql, "split_note")


def test_it_writes_the_reasons_in_the_json_the_api_returns() -> None:
    from knotwork.domain.referral import rank_json

    result = rank_json({"marks": [{"region": "low_back_right", "intensity": 6}]})
    zones = {e["zone"] for c in result["candidates"] for e in c["explains"]}
    assert zones <= {"essential", "spillover", "site", "site_spillover", "adjacent"}
    json.dumps(result)
