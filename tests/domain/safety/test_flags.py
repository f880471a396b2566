"""Every red flag of reference section C.2 is on the screen, with its urgency and a source."""

import pytest

from knotwork.domain.safety import pre_session_for, questions_for, red_flag, red_flags

# Section C.2 of the clinical reference: every item id with its urgency.
REFERENCE_URGENCY = {
    "rf_ces_bladder": "emergency", "rf_ces_bowel": "emergency", "rf_ces_saddle": "emergency",
    "rf_ces_bilateral": "emergency", "rf_ces_sexual": "emergency",
    "rf_neuro_progressive": "urgent", "rf_radicular_stable": "routine",
    "rf_cancer_history": "urgent", "rf_weight_loss": "urgent", "rf_night_pain": "routine",
    "rf_age_new_onset": "routine", "rf_no_improvement": "routine",
    "rf_fever": "urgent", "rf_infection_risk": "routine",
    "rf_major_trauma": "emergency", "rf_fragility_fracture": "urgent", "rf_deformity": "urgent",
    "rf_inflammatory_back_pain": "routine",
    "rf_aaa": "emergency", "rf_visceral_urinary": "urgent", "rf_cardiac": "emergency",
    "rf_thoracic_nonmechanical": "urgent",
    "rf_myelopathy": "urgent", "rf_cad_5d3n": "emergency", "rf_cad_sudden_unusual": "emergency",
    "rf_horner": "emergency", "rf_thunderclap": "emergency", "rf_meningism": "emergency",
    "rf_gca": "emergency", "rf_headache_change": "urgent", "rf_neck_trauma": "emergency",
    "rf_upper_cervical_instability": "urgent", "rf_neck_mass_dysphagia": "urgent",
    "rf_dvt": "urgent", "rf_anticoagulant": "caution", "rf_acute_inflammation": "urgent",
    "rf_skin": "caution", "rf_recent_surgery_fracture": "caution",
    "rf_osteoporosis_bone_mets": "caution", "rf_active_cancer_treatment": "routine",
    "rf_pregnancy": "caution", "rf_stroke_carotid": "caution", "rf_uncontrolled_bp": "routine",
    "rf_sensory_loss": "caution", "rf_implants_veins_lymph": "caution",
}  # fmt: skip


def test_it_has_every_red_flag_of_the_reference_with_its_urgency() -> None:
    assert {flag.id: flag.urgency for flag in red_flags().values()} == REFERENCE_URGENCY


@pytest.mark.parametrize("flag_id", sorted(REFERENCE_URGENCY))
def test_it_asks_each_red_flag_as_a_question_with_a_source(flag_id: str) -> None:
    flag = red_flag(flag_id)
    assert flag.question.endswith("?")
    assert flag.sources
    assert flag.group_label


def test_it_gives_every_caution_item_a_session_plan_note() -> None:
    cautions = [f for f in red_flags().values() if f.urgency == "caution"]
    assert len(cautions) == 8
    assert all(flag.plan_note for flag in cautions)


def test_it_tells_the_therapist_light_pressure_only_for_anticoagulants() -> None:
    note = red_flag("rf_anticoagulant").plan_note.lower()
    assert "light pressure only" in note
    assert "no ischaemic compression" in note


def test_it_keeps_the_uncertain_marks_of_the_reference() -> None:
    uncertain = {f.id for f in red_flags().values() if f.uncertain}
    assert {"rf_cancer_history", "rf_neck_trauma", "rf_recent_surgery_fracture"} <= uncertain


def test_it_asks_cauda_equina_questions_for_low_back_pain_but_not_for_neck_pain() -> None:
    low_back = {flag.id for flag in questions_for(["low_back_left"])}
    neck = {flag.id for flag in questions_for(["neck_back_upper_left"])}
    assert "rf_ces_saddle" in low_back and "rf_ces_saddle" not in neck
    assert "rf_cad_5d3n" in neck and "rf_cad_5d3n" not in low_back


def test_it_asks_the_low_back_questions_for_sciatica_drawn_on_the_leg() -> None:
    assert "rf_ces_bladder" in {flag.id for flag in questions_for(["thigh_back_right"])}


def test_it_asks_head_questions_for_facial_pain() -> None:
    assert "rf_gca" in {flag.id for flag in questions_for(["jaw_left"])}


def test_it_asks_about_non_mechanical_thoracic_pain_only_for_the_upper_or_mid_back() -> None:
    assert "rf_thoracic_nonmechanical" in {f.id for f in questions_for(["interscapular_left"])}
    assert "rf_thoracic_nonmechanical" not in {f.id for f in questions_for(["temple_left"])}


def test_it_asks_every_question_when_no_pain_map_is_known() -> None:
    assert len(questions_for(None)) == len(questions_for([])) == len(REFERENCE_URGENCY)


def test_it_always_asks_about_a_hot_red_swollen_area_before_a_session() -> None:
    for regions in (None, ["jaw_left"], ["low_back_left"], ["neck_front_right"]):
        questions = {q.id: q for q in pre_session_for(regions)}
        assert questions["ps_inflammation"].question == (
            "Is the area hot, red or swollen, or do you feel feverish today?"
        )
        assert questions["ps_inflammation"].urgency == "urgent"
        # As the same answer at intake: it counts until a clearance covers it.
        assert questions["ps_inflammation"].scope == "course"


def test_it_takes_pre_session_urgency_and_sources_from_the_red_flags_they_repeat() -> None:
    ces = {q.id: q for q in pre_session_for(["low_back_left"])}["ps_ces"]
    assert ces.urgency == "emergency"
    assert "CES-BMJ" in ces.sources
    assert "ps_ces" not in {q.id for q in pre_session_for(["neck_front_left"])}
