"""The safety gate in every role: nobody bypasses it, only a clearance opens it; showing it is a
read, the decision that acts is audited (tests/courses/test_gate.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from knotwork.audit.models import AuditAction, AuditEntry
from knotwork.domain import safety
from knotwork.intake.services import gate_for
from knotwork.intake.services.safety import record_clearance, record_intake_screen
from tests.conftest import Personas
from tests.intake.conftest import client_of, fill, post_step, start, valid_steps

ROLES = ("therapist_a", "admin_a")


def screen(personas: Personas, **yes: bool) -> None:
    """An intake screen with every question answered: no, except those given."""
    answers: dict[str, bool | None] = {f: False for f in safety.red_flags()}
    answers.update(yes)
    record_intake_screen(actor=personas.patient_user, patient=personas.patient, answers=answers)


def gate(client: Client, personas: Personas, action: str, on: str | None = None):
    query = f"?on={on}" if on else ""
    return client.get(f"/api/v1/patients/{personas.patient.pk}/gate/{action}{query}")


def gate_entries(personas: Personas) -> int:
    return AuditEntry.objects.filter(
        patient_id=personas.patient.pk, action=AuditAction.GATE
    ).count()


@pytest.mark.parametrize("role", ROLES)
def test_it_keeps_the_gate_shut_until_a_red_flag_screen_is_on_record(
    personas: Personas, role: str
) -> None:
    answer = gate(client_of(getattr(personas, role)), personas, "start_course").json()

    assert answer["open"] is False
    assert "No red-flag screen is on record." in answer["reasons"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ["start_course", "record_session"])
def test_an_urgent_flag_shuts_the_gate_for_every_role_until_a_clearance(
    personas: Personas, role: str, action: str
) -> None:
    screen(personas, rf_weight_loss=True)
    client = client_of(getattr(personas, role))

    shut = gate(client, personas, action).json()
    assert shut["open"] is False
    assert [o["key"] for o in shut["outstanding"]] == ["rf_weight_loss"]

    record_clearance(
        actor=getattr(personas, role),
        patient=personas.patient,
        cleared_by="Dr Ada Lovelace, GP",
        cleared_on=timezone.localdate(),
        keys=["rf_weight_loss"],
    )
    after = gate(client, personas, "start_course").json()
    assert after["open"] is True


def test_no_one_else_can_even_ask_the_gate(personas: Personas) -> None:
    screen(personas, rf_weight_loss=True)
    for user in (
        personas.patient_user,
        personas.other_patient_user,
        personas.therapist_b,
        personas.admin_b,
    ):
        assert gate(client_of(user), personas, "start_course").status_code == 404
    assert gate(Client(), personas, "start_course").status_code == 401


def test_a_request_cannot_talk_its_way_past_the_gate(personas: Personas) -> None:
    screen(personas, rf_weight_loss=True)
    client = client_of(personas.admin_a)

    # Unknown actions and parameters that sound like overrides change nothing.
    assert gate(client, personas, "override").status_code == 422
    forced = client.get(
        f"/api/v1/patients/{personas.patient.pk}/gate/start_course?force=1&bypass=true"
    )
    assert forced.json()["open"] is False


def test_a_clearance_for_another_finding_does_not_open_the_gate(personas: Personas) -> None:
    screen(personas, rf_weight_loss=True, rf_fever=True)
    record_clearance(
        actor=personas.therapist_a,
        patient=personas.patient,
        cleared_by="Dr Lee",
        cleared_on=timezone.localdate(),
        keys=["rf_fever"],
    )

    decision = gate_for(personas.patient, "start_course")

    assert not decision.open
    assert [o.key for o in decision.outstanding] == ["rf_weight_loss"]


def test_a_clearance_does_not_open_the_gate_for_a_day_before_it(personas: Personas) -> None:
    screen(personas, rf_weight_loss=True)
    record_clearance(
        actor=personas.therapist_a,
        patient=personas.patient,
        cleared_by="Dr Lee",
        cleared_on=timezone.localdate(),
        keys=["rf_weight_loss"],
    )
    yesterday = timezone.localdate() - timedelta(days=1)

    assert not gate_for(personas.patient, "start_course", on=yesterday).open
    assert gate_for(personas.patient, "start_course").open


def test_showing_the_gate_is_a_read_that_writes_no_gate_decision(personas: Personas) -> None:
    client = client_of(personas.therapist_a)
    screen(personas, rf_weight_loss=True)
    before = gate_entries(personas)

    answer = gate(client, personas, "start_course").json()
    client.get(f"/patients/{personas.patient.pk}/")

    assert answer["open"] is False
    assert gate_entries(personas) == before
    reads = AuditEntry.objects.filter(patient_id=personas.patient.pk, action=AuditAction.READ)
    # The API's answer and the page are one read entry each, by the therapist.
    assert sorted(reads.values_list("subject", flat=True)) == ["gate", "patient"]
    assert all(entry.actor == personas.therapist_a for entry in reads)


def test_a_routine_flag_blocks_sessions_but_not_the_course_by_default(personas: Personas) -> None:
    screen(personas, rf_uncontrolled_bp=True)

    assert gate_for(personas.patient, "start_course").open
    assert not gate_for(personas.patient, "record_session").open


def test_a_clinic_can_let_routine_flags_wait_until_during_the_course(personas: Personas) -> None:
    personas.clinic_a.routine_flags_need_clearance = False
    personas.clinic_a.save()
    screen(personas, rf_uncontrolled_bp=True)
    client = client_of(personas.therapist_a)
    client.post(
        f"/api/v1/patients/{personas.patient.pk}/pre-session-screens",
        {"answers": {q: False for q in safety.pre_session_questions()}},
        content_type="application/json",
    )

    decision = gate_for(personas.patient, "record_session")

    assert decision.open
    assert [r.key for r in decision.reminders] == ["rf_uncontrolled_bp"]


def test_a_caution_flag_leaves_the_gate_open_and_puts_a_note_on_every_plan(
    personas: Personas,
) -> None:
    screen(personas, rf_anticoagulant=True)

    decision = gate_for(personas.patient, "start_course")
    page = client_of(personas.therapist_a).get(f"/patients/{personas.patient.pk}/")

    assert decision.open
    assert decision.plan_notes == (safety.red_flag("rf_anticoagulant").plan_note,)
    assert "light pressure only" in page.content.decode()


def test_changing_a_yes_to_no_later_does_not_reopen_the_gate(personas: Personas) -> None:
    therapist = client_of(personas.therapist_a)
    intake_id = start(therapist, personas.patient.pk)
    fill(therapist, intake_id, valid_steps(rf_weight_loss=True), upto="red_flags")

    # Going back and answering no keeps the first answer on record: only a clearance opens it.
    post_step(therapist, intake_id, "red_flags", valid_steps()["red_flags"])

    assert personas.patient.red_flag_screens.count() == 2
    assert not gate_for(personas.patient, "start_course").open
