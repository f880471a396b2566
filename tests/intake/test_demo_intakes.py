"""The demo clinic's intakes: submitted through the services, baselines scored, one clearance."""

from __future__ import annotations

import pytest

from knotwork.demo import seed_demo_clinic
from knotwork.intake.models import IntakeStatus
from knotwork.intake.querysets import finder_context_for
from knotwork.intake.services import gate_for
from knotwork.intake.services.instruments import outcomes_for
from knotwork.intake.services.safety import finding_keys
from knotwork.patients.models import Patient


@pytest.fixture
def demo(db) -> dict[str, Patient]:
    seed_demo_clinic()
    return {p.given_name: p for p in Patient.objects.filter(is_demo=True)}


def test_it_gives_every_demo_patient_a_submitted_intake_with_a_scored_baseline(demo) -> None:
    assert set(demo) == {"Jordan", "Priya", "Tom", "Aiko", "Lena"}
    for name, patient in demo.items():
        assert patient.intakes.get().status == IntakeStatus.SUBMITTED, name
        scored = {row.instrument.id for row in outcomes_for(patient)}
        assert {"nprs", "stress"} <= scored, name
    assert "odi" in {row.instrument.id for row in outcomes_for(demo["Jordan"])}
    assert "ndi" in {row.instrument.id for row in outcomes_for(demo["Priya"])}


def test_it_hands_the_demo_intakes_factors_to_the_finder(demo) -> None:
    priya = finder_context_for(demo["Priya"])
    assert priya.factors == ("prolonged_sitting", "head_forward_posture", "emotional_stress")
    assert priya.stress == 8
    assert finder_context_for(demo["Jordan"]).factors == ("lifting", "bending_twisting")


def test_it_shows_a_cleared_red_flag_for_tom_and_none_for_jordan(demo) -> None:
    tom, jordan = demo["Tom"], demo["Jordan"]
    assert finding_keys(jordan) == set()
    assert "rf_no_improvement" in finding_keys(tom)
    assert tom.clearances.get().keys == ["rf_no_improvement"]
    assert gate_for(tom, "start_course").open
