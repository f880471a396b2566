"""`finder_context_for`: what the latest submitted intake tells the finder, and nothing else."""

from __future__ import annotations

from knotwork.intake.demo import complete_intake
from knotwork.intake.models import Intake
from knotwork.intake.querysets import finder_context_for
from knotwork.intake.services.intake import save_step, start_intake
from tests.conftest import Personas
from tests.intake.conftest import valid_steps


def submitted(personas: Personas, factors: list[str], aggravating: list[str]) -> Intake:
    steps = valid_steps()
    steps["start"] = {"started": "gradual", "factors": factors}
    steps["positions"] = {"aggravating": aggravating}
    return complete_intake(actor=personas.therapist_a, patient=personas.patient, steps=steps)


def test_it_is_empty_without_a_submitted_intake(db, personas: Personas) -> None:
    draft = start_intake(actor=personas.therapist_a, patient=personas.patient)
    save_step(
        actor=personas.therapist_a, intake=draft, step="reason", answers={"reason": "Back pain"}
    )
    context = finder_context_for(personas.patient)
    assert (context.factors, context.features, context.from_intake) == ((), (), False)


def test_it_gives_the_factors_features_and_stress_of_the_latest_submitted_intake(
    db, personas: Personas
) -> None:
    submitted(personas, ["lifting"], ["pain_sitting"])
    latest = submitted(personas, ["emotional_stress", "prolonged_sitting"], ["pain_rising"])
    context = finder_context_for(personas.patient)
    # In the vocabulary's order, whatever order the boxes were ticked in.
    assert context.factors == ("prolonged_sitting", "emotional_stress")
    assert context.features == ("pain_rising",)
    assert (context.intake_id, context.stress) == (latest.pk, 6)


def test_it_drops_ids_the_knowledge_base_no_longer_knows(db, personas: Personas) -> None:
    intake = submitted(personas, ["lifting"], ["pain_sitting"])
    intake.answers["start"]["factors"].append("retired_factor")
    intake.save(update_fields=["answers"])
    assert finder_context_for(personas.patient).factors == ("lifting",)


def test_it_leaves_out_another_patients_intake(db, personas: Personas) -> None:
    steps = valid_steps()
    complete_intake(actor=personas.therapist_a, patient=personas.other_patient, steps=steps)
    assert finder_context_for(personas.patient).from_intake is False
