"""The bundled knowledge base: complete for the spec, traceable to sources, with its lookups."""

from __future__ import annotations

from knotwork.domain import anatomy
from knotwork.domain.knowledge import load
from knotwork.domain.knowledge.loader import spec_muscles

REQUIRED_FACTORS = {
    "lifting",
    "bending_twisting",
    "prolonged_sitting",
    "prolonged_standing",
    "repetitive_motion",
    "poor_posture",
    "head_forward_posture",
    "overexertion",
    "trauma_fall",
    "whiplash",
    "sleep_position",
    "emotional_stress",
    "bruxism_clenching",
    "chronic_cough",
    "sports",
}


def test_it_has_one_entry_for_every_muscle_of_the_spec() -> None:
    assert list(load().muscles) == list(spec_muscles())


def test_it_gives_every_trigger_point_an_essential_zone_sources_and_a_way_to_find_it() -> None:
    for tp in load().trigger_points():
        assert tp.essential, tp.key
        assert tp.sources, tp.key
        assert tp.locate.endswith("."), tp.key
        assert tp.confidence in ("high", "medium", "low")


def test_it_offers_the_required_factors_with_human_labels() -> None:
    vocabulary = load().factor_vocabulary()
    assert set(vocabulary) >= REQUIRED_FACTORS
    assert all(label and label != factor_id for factor_id, label in vocabulary.items())


def test_it_maps_factors_while_keeping_the_source_wording() -> None:
    ql = load().muscle("quadratus_lumborum").trigger_point("deep")
    notes = {note.text: note.factors for note in ql.activating}
    assert "lifting" in notes["bending and lifting while twisting"]
    assert "lifting" in ql.factors


def test_it_resolves_same_side_zones_to_the_trigger_points_own_side() -> None:
    levator = load().muscle("levator_scapulae").trigger_point("main")
    assert levator.pattern("left").essential == ("neck_back_lower_left",)
    assert levator.pattern("right").essential == ("neck_back_lower_right",)


def test_it_lets_the_clavicular_sternocleidomastoid_refer_across_the_midline() -> None:
    tp = load().muscle("sternocleidomastoid").trigger_point("clavicular_division")
    assert tp.side_rule == "may_cross"
    assert "forehead_right" in tp.pattern("left").spillover


def test_it_keeps_the_rectus_abdominis_band_on_both_sides() -> None:
    tp = load().muscle("rectus_abdominis").trigger_point("lower")
    assert tp.side_rule == "both_sides"
    assert {"low_back_left", "low_back_right"} <= set(tp.pattern("left").essential)


def test_it_keeps_uncertain_marks_from_the_reference() -> None:
    gmax = load().muscle("gluteus_maximus").trigger_point("main")
    assert gmax.uncertain
    assert "thigh_back_S" in gmax.uncertain_zones
    assert not load().muscle("levator_scapulae").trigger_point("main").uncertain


def test_it_carries_the_carotid_caution_for_front_of_neck_muscles() -> None:
    for muscle_id in ("sternocleidomastoid", "scalenes", "digastric"):
        cautions = " ".join(load().muscle(muscle_id).cautions)
        assert "carotid" in cautions


def test_it_only_uses_atlas_regions_once_resolved() -> None:
    atlas = anatomy.regions()
    for pattern in load().patterns:
        assert set(pattern.essential + pattern.spillover) <= set(atlas), pattern


def test_it_answers_which_muscles_refer_to_a_region() -> None:
    kb = load()
    assert "splenius_capitis" in kb.muscles_referring_to("crown")
    hits = kb.referring_to("temple_left")
    assert any(h.muscle == "temporalis" and h.kind == "essential" for h in hits)
    assert all(h.side == "left" for h in hits if h.muscle == "temporalis")


def test_it_gives_self_care_advice_for_every_muscle() -> None:
    assert all(m.self_care for m in load().muscles.values())


def test_it_loads_once_per_process() -> None:
    assert load() is load()


def test_it_keeps_ids_and_source_keys_out_of_the_frequency_notes_people_read() -> None:
    kb = load()
    assert kb.frequency
    for statement in kb.frequency.values():
        assert statement.sources and set(statement.sources) <= set(kb.sources)
        assert "_" not in statement.note
        assert not set(statement.note.replace(".", " ").split()) & set(kb.sources)
