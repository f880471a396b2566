"""The safety gate: emergency stops, urgent and routine need clearance, caution adds notes."""

from datetime import date

import pytest

from knotwork.domain.protocol import AftercareSymptom
from knotwork.domain.safety import (
    Clearance,
    GatePolicy,
    ScreenError,
    check_in_answers,
    check_in_questions,
    decide,
    pre_session_questions,
    red_flags,
    screen_check_in,
    screen_intake,
    screen_pre_session,
)

MONDAY = date(2025, 3, 3)
TUESDAY = date(2025, 3, 4)
FRIDAY = date(2025, 3, 7)


def intake(*yes: str, on: date = MONDAY):
    answers = {flag_id: flag_id in yes for flag_id in red_flags()}
    return screen_intake(answers, on=on)


def pre_session(*yes: str, on: date = TUESDAY):
    answers = {q_id: q_id in yes for q_id in pre_session_questions()}
    return screen_pre_session(answers, on=on)


def clearance(*keys: str, on: date = TUESDAY) -> Clearance:
    return Clearance("Dr A. Example", on, frozenset(keys), note="Fit for soft-tissue work")


def test_it_opens_the_gate_when_every_answer_is_no() -> None:
    screens = [intake(), pre_session()]
    assert decide("start_course", screens, on=TUESDAY).open
    assert decide("record_session", screens, on=TUESDAY).open
    assert screens[0].patient_message() == "Thank you. Nothing in your answers stops treatment."


def test_it_stops_the_intake_with_a_call_for_emergency_care() -> None:
    outcome = screen_intake({"rf_ces_saddle": True}, on=MONDAY, region_ids=["low_back_left"])
    assert (outcome.urgency, outcome.stop, outcome.alert_clinic) == ("emergency", True, True)
    assert "emergency" in outcome.patient_message()
    assert not outcome.complete


def test_it_keeps_the_gate_closed_after_an_emergency_until_a_clearance() -> None:
    screens = [intake("rf_cad_5d3n"), pre_session()]
    assert not decide("start_course", screens, on=TUESDAY).open
    assert decide("start_course", screens, [clearance("rf_cad_5d3n")], on=TUESDAY).open


def test_it_needs_clearance_before_a_course_starts_after_an_urgent_answer() -> None:
    screens = [intake("rf_weight_loss")]
    decision = decide("start_course", screens, on=TUESDAY)
    assert not decision.open
    assert [o.key for o in decision.outstanding] == ["rf_weight_loss"]
    assert "Physician clearance required" in decision.reasons[0]
    assert not screens[0].stop


def test_it_needs_clearance_before_any_session_after_an_urgent_answer() -> None:
    screens = [intake("rf_fever"), pre_session()]
    assert not decide("record_session", screens, on=TUESDAY).open
    assert decide("record_session", screens, [clearance("rf_fever")], on=TUESDAY).open


def test_it_ignores_a_clearance_for_another_finding() -> None:
    screens = [intake("rf_fever")]
    assert not decide("start_course", screens, [clearance("rf_weight_loss")], on=TUESDAY).open


def test_it_ignores_a_clearance_dated_before_the_screen_that_raised_the_flag() -> None:
    screens = [intake("rf_fever", on=FRIDAY)]
    old = clearance("rf_fever", on=TUESDAY)
    assert not decide("start_course", screens, [old], on=FRIDAY).open


def test_it_lets_a_course_start_but_not_a_session_after_a_routine_answer() -> None:
    screens = [intake("rf_uncontrolled_bp"), pre_session()]
    assert decide("start_course", screens, on=TUESDAY).open
    assert not decide("record_session", screens, on=TUESDAY).open
    assert decide("record_session", screens, [clearance("rf_uncontrolled_bp")], on=TUESDAY).open


def test_it_only_reminds_about_routine_answers_when_clearance_may_come_within_the_course() -> None:
    screens = [intake("rf_uncontrolled_bp"), pre_session()]
    policy = GatePolicy(routine_clearance="within_course")
    decision = decide("record_session", screens, on=TUESDAY, policy=policy)
    assert decision.open
    assert [r.key for r in decision.reminders] == ["rf_uncontrolled_bp"]
    assert "during your course" in screens[0].patient_message("within_course")


def test_it_never_closes_the_gate_for_a_caution_but_puts_its_note_on_the_plan() -> None:
    screens = [intake("rf_anticoagulant", "rf_pregnancy"), pre_session()]
    decision = decide("record_session", screens, on=TUESDAY)
    assert decision.open
    assert len(decision.plan_notes) == 2
    assert decision.plan_notes[0].startswith("Anticoagulants")


def test_it_keeps_plan_notes_of_a_cleared_flag() -> None:
    screens = [intake("rf_dvt"), pre_session()]
    decision = decide("record_session", screens, [clearance("rf_dvt")], on=TUESDAY)
    assert decision.open
    assert any("never massage that limb" in note for note in decision.plan_notes)


def test_it_keeps_the_gate_closed_while_the_screen_is_unfinished() -> None:
    answers: dict[str, bool | None] = {flag_id: False for flag_id in red_flags()}
    answers["rf_fever"] = None
    decision = decide("start_course", [screen_intake(answers, on=MONDAY)], on=TUESDAY)
    assert not decision.open
    assert "rf_fever" in decision.reasons[0]


def test_it_keeps_the_gate_closed_without_any_screen() -> None:
    assert not decide("start_course", [], on=TUESDAY).open


def test_it_needs_todays_pre_session_screen_before_recording_a_session() -> None:
    screens = [intake(), pre_session(on=MONDAY)]
    decision = decide("record_session", screens, on=TUESDAY)
    assert not decision.open
    assert "pre-session" in decision.reasons[0]


def test_it_keeps_a_hot_swollen_area_closing_the_gate_until_a_clearance_as_at_intake() -> None:
    screens = [intake(), pre_session("ps_inflammation", on=TUESDAY)]
    assert not decide("record_session", screens, on=TUESDAY).open
    assert "do not have treatment today" in screens[1].patient_message()
    later = [*screens, pre_session(on=FRIDAY)]
    # A clean screen on another day does not clear an urgent finding: only a clearance does.
    assert not decide("record_session", later, on=FRIDAY).open
    assert not decide("start_course", later, on=FRIDAY).open
    cleared = clearance("ps_inflammation", on=date(2025, 3, 6))
    assert decide("record_session", later, [cleared], on=FRIDAY).open


def test_it_lets_a_same_day_clearance_open_the_session_after_inflammation() -> None:
    screens = [intake(), pre_session("ps_inflammation", on=TUESDAY)]
    cleared = clearance("ps_inflammation", on=TUESDAY)
    assert decide("record_session", screens, [cleared], on=TUESDAY).open


def test_it_keeps_a_new_red_flag_from_a_pre_session_screen_until_cleared() -> None:
    screens = [intake(), pre_session("ps_dvt", on=TUESDAY), pre_session(on=FRIDAY)]
    assert not decide("record_session", screens, on=FRIDAY).open
    assert not decide("start_course", screens, on=FRIDAY).open
    assert decide("record_session", screens, [clearance("ps_dvt", on=FRIDAY)], on=FRIDAY).open


def test_it_raises_night_pain_to_urgent_with_a_history_of_cancer() -> None:
    alone = intake("rf_night_pain")
    combined = intake("rf_night_pain", "rf_cancer_history")
    assert alone.findings[0].urgency == "routine"
    night = next(f for f in combined.findings if f.key == "rf_night_pain")
    assert (night.urgency, night.escalated_with) == ("urgent", ("rf_cancer_history",))


def test_it_raises_infection_risk_to_urgent_with_fever() -> None:
    combined = intake("rf_infection_risk", "rf_fever")
    risk = next(f for f in combined.findings if f.key == "rf_infection_risk")
    assert risk.urgency == "urgent"


def test_it_counts_a_yes_to_a_question_not_asked_for_the_pain_area() -> None:
    outcome = screen_intake({"rf_ces_bladder": True}, on=MONDAY, region_ids=["jaw_left"])
    assert outcome.stop


def test_it_refuses_an_unknown_question() -> None:
    with pytest.raises(ScreenError, match="rf_made_up"):
        screen_intake({"rf_made_up": True}, on=MONDAY)


def test_it_refuses_an_answer_that_is_not_yes_or_no() -> None:
    with pytest.raises(ScreenError, match="rf_fever"):
        screen_intake({"rf_fever": "maybe"}, on=MONDAY)  # type: ignore[dict-item]  # the wrong type is the test


def test_it_describes_each_decision_for_the_audit_log() -> None:
    decision = decide("start_course", [intake("rf_fever")], on=TUESDAY).to_dict()
    assert decision["open"] is False
    assert decision["outstanding"] == [
        {"key": "rf_fever", "urgency": "urgent", "screened_on": "2025-03-03"}
    ]


def test_it_closes_the_gate_for_a_fever_in_a_check_in_as_the_pre_session_answer_would() -> None:
    fever = screen_check_in(check_in_answers(["fever"]), on=TUESDAY)
    assert fever.kind == "check_in" and fever.urgency == "urgent"
    screens = [intake(), fever, pre_session(on=FRIDAY)]
    decision = decide("record_session", screens, on=FRIDAY)
    assert not decision.open
    assert [o.key for o in decision.outstanding] == ["ps_inflammation"]
    assert not decide("start_course", screens, on=FRIDAY).open
    assert decide("record_session", screens, [clearance("ps_inflammation")], on=FRIDAY).open


def test_it_never_counts_a_check_in_as_the_days_pre_session_screen() -> None:
    screens = [
        intake(),
        screen_check_in(check_in_answers(["bruising_on_anticoagulants"]), on=FRIDAY),
    ]
    decision = decide("record_session", screens, on=FRIDAY)
    assert decision.reasons == ("Today's pre-session screen has not been done.",)


def test_it_makes_a_bladder_or_bowel_change_in_a_check_in_an_emergency() -> None:
    outcome = screen_check_in(check_in_answers(["bladder_bowel_change"]), on=TUESDAY)
    assert outcome.stop and outcome.alert_clinic
    assert "emergency" in outcome.patient_message()


def test_it_covers_every_aftercare_symptom_in_the_check_in_table() -> None:
    assert set(check_in_questions()) == {symptom.value for symptom in AftercareSymptom}
