"""Which red-flag questions the intake asks: the general ones always, an area's only where it
hurts (reference C.2 gives each item its area), and why the others were not asked."""

from knotwork.domain.safety import red_flags, select_questions

# Reference section C.2: the items given an area other than `any`.
LOW_BACK = {
    "rf_ces_bladder",
    "rf_ces_bowel",
    "rf_ces_saddle",
    "rf_ces_bilateral",
    "rf_ces_sexual",
    "rf_inflammatory_back_pain",
    "rf_aaa",
    "rf_visceral_urinary",
}
NECK = {
    "rf_myelopathy",
    "rf_cad_5d3n",
    "rf_cad_sudden_unusual",
    "rf_horner",
    "rf_neck_trauma",
    "rf_upper_cervical_instability",
    "rf_neck_mass_dysphagia",
    "rf_stroke_carotid",
}
HEAD = {"rf_thunderclap", "rf_meningism", "rf_gca", "rf_headache_change"}
THORACIC = {"rf_thoracic_nonmechanical"}
GENERAL = set(red_flags()) - LOW_BACK - NECK - HEAD - THORACIC


def asked(**where: list[str]) -> set[str]:
    return {flag.id for flag in select_questions(**where).asked}


def test_a_low_back_patient_gets_the_general_and_the_low_back_questions_only() -> None:
    by_map = asked(region_ids=["low_back_left", "low_back_right"])
    by_answer = asked(pain_types=["low_back"])

    assert by_map == by_answer == GENERAL | LOW_BACK
    assert len(GENERAL) == 24 and len(by_map) == 32 < len(red_flags())


def test_the_general_questions_are_asked_whatever_the_area() -> None:
    for pain_type in ("low_back", "neck", "headache", "facial", "other"):
        assert asked(pain_types=[pain_type]) >= GENERAL, pain_type


def test_neck_and_head_pain_get_their_own_areas_questions() -> None:
    assert asked(pain_types=["neck"]) >= NECK and not LOW_BACK & asked(pain_types=["neck"])
    assert asked(pain_types=["headache"]) >= HEAD
    assert asked(region_ids=["interscapular_left"]) >= THORACIC


def test_a_pain_type_named_beside_the_map_adds_its_questions() -> None:
    assert asked(region_ids=["low_back_left"], pain_types=["low_back", "neck"]) >= NECK


def test_other_pain_without_a_map_still_gets_the_back_and_leg_questions() -> None:
    """Other pain may be the mid back or a leg: without a drawing both areas are asked."""
    found = asked(pain_types=["other"])
    assert found >= THORACIC | LOW_BACK and not NECK & found


def test_with_nothing_known_of_where_it_hurts_every_question_is_asked() -> None:
    selection = select_questions()
    assert len(selection.asked) == len(red_flags()) and selection.skipped == ()


def test_each_question_left_out_says_whom_it_is_for_and_why() -> None:
    selection = select_questions(pain_types=["low_back"])
    skipped = {item.flag.id: item.reason for item in selection.skipped}

    assert set(skipped) == NECK | HEAD | THORACIC
    assert skipped["rf_thunderclap"] == (
        "The clinical reference lists it for headache or face pain, and none was given under "
        "where it hurts."
    )
    assert "neck pain" in skipped["rf_myelopathy"]
    drawn = select_questions(region_ids=["low_back_left"]).skipped
    assert all(item.reason.endswith("none was given on the pain map.") for item in drawn)
