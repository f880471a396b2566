"""An emergency answer: the intake stops with a calm message and the clinic is alerted."""

from __future__ import annotations

from django.core import mail
from django.test import Client
from django.utils import timezone

from knotwork.domain import safety
from knotwork.intake.models import ClinicAlert, Intake, IntakeStatus
from knotwork.intake.services import gate_for
from tests.conftest import Personas
from tests.intake.conftest import client_of, fill, post_step, start, valid_steps


def test_an_emergency_answer_stops_the_intake_and_alerts_the_clinic(
    personas: Personas, patient_client: Client, django_capture_on_commit_callbacks
) -> None:
    intake_id = start(patient_client, personas.patient.pk)
    fill(patient_client, intake_id, valid_steps(), upto="history")

    with django_capture_on_commit_callbacks(execute=True):
        stopped = post_step(
            patient_client, intake_id, "red_flags", valid_steps(rf_ces_saddle=True)["red_flags"]
        )

    assert stopped["Location"] == f"/intake/{intake_id}/done/"
    page = patient_client.get(stopped["Location"]).content.decode()
    assert "Please get medical help now" in page
    assert safety.messages()["emergency"].split(".")[0] in page
    assert Intake.objects.get(pk=intake_id).status == IntakeStatus.STOPPED
    # The intake cannot go on: its steps lead back to the message.
    assert post_step(patient_client, intake_id, "questionnaires", {})["Location"].endswith("/done/")

    alert = ClinicAlert.objects.get(patient=personas.patient)
    assert alert.clinic == personas.clinic_a
    assert [m.to for m in mail.outbox] == [["admin.a@example.com"]]
    # The mail names the patient but carries no clinical detail.
    assert "Pat Ient" in mail.outbox[0].subject
    assert "saddle" not in mail.outbox[0].body


def test_the_alert_shows_on_the_dashboard_and_patient_page_until_seen(
    personas: Personas, patient_client: Client
) -> None:
    intake_id = start(patient_client, personas.patient.pk)
    fill(patient_client, intake_id, valid_steps(rf_cardiac=True), upto="red_flags")
    therapist = client_of(personas.therapist_a)

    assert "emergency answer" in therapist.get("/patients/").content.decode()
    assert "emergency answer" in therapist.get(f"/patients/{personas.patient.pk}/").content.decode()
    assert (
        "emergency answer" not in client_of(personas.therapist_b).get("/patients/").content.decode()
    )

    alert = ClinicAlert.objects.get()
    assert therapist.post(f"/alerts/{alert.pk}/acknowledge/").status_code == 302
    assert "emergency answer" not in therapist.get("/patients/").content.decode()
    assert ClinicAlert.objects.get().acknowledged_by == personas.therapist_a


def test_the_gate_stays_shut_after_an_emergency_until_a_clearance(
    personas: Personas, patient_client: Client
) -> None:
    intake_id = start(patient_client, personas.patient.pk)
    fill(patient_client, intake_id, valid_steps(rf_ces_bladder=True), upto="red_flags")
    assert not gate_for(personas.patient, "start_course").open

    therapist = client_of(personas.therapist_a)
    therapist.post(
        f"/patients/{personas.patient.pk}/clearances/new/",
        {
            "cleared_by": "Dr Imani, emergency department",
            "cleared_on": timezone.localdate().isoformat(),
            "keys": ["rf_ces_bladder"],
        },
    )

    assert gate_for(personas.patient, "start_course").open
