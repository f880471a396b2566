"""Live feedback opens only while the gate for recording a session today is open."""

from __future__ import annotations

from knotwork.domain import safety
from knotwork.live.models import LiveSession
from tests.conftest import Personas, api_client, open_gate
from tests.courses.conftest import client_of


def test_the_page_says_why_live_feedback_did_not_open_and_links_to_the_clearance(
    personas: Personas,
) -> None:
    from knotwork.intake.services.safety import record_intake_screen

    record_intake_screen(
        actor=personas.therapist_a, patient=personas.patient, answers={"rf_weight_loss": True}
    )
    therapist = client_of(personas.therapist_a)

    refused = therapist.post(
        f"/patients/{personas.patient.pk}/live/", {"window_low": 5, "window_high": 7}
    )

    assert refused.status_code == 409
    page = refused.content.decode()
    assert "Live feedback not opened" in page
    assert "Physician clearance required for: Possible malignancy" in page
    assert f'href="/patients/{personas.patient.pk}/clearances/new/"' in page
    assert not LiveSession.objects.exists()


def test_the_api_answers_409_with_the_gate_reasons_and_the_findings_to_clear(
    personas: Personas,
) -> None:
    from knotwork.intake.services.safety import record_intake_screen

    open_gate(personas.patient, personas.therapist_a)
    record_intake_screen(
        actor=personas.therapist_a,
        patient=personas.patient,
        answers={**dict.fromkeys(safety.red_flags(), False), "rf_weight_loss": True},
    )

    refused = api_client(personas.therapist_a).post(
        f"/api/v1/patients/{personas.patient.pk}/live", {}, content_type="application/json"
    )

    assert refused.status_code == 409
    assert "Possible malignancy" in refused.json()["detail"]
    assert {"field": "clearances.rf_weight_loss", "message": "awaits a physician's clearance"} in (
        refused.json()["errors"]
    )


def test_the_api_answers_409_with_the_reasons_while_the_gate_is_closed(
    personas: Personas,
) -> None:
    therapist = api_client(personas.therapist_a)
    url = f"/api/v1/patients/{personas.patient.pk}/live"

    refused = therapist.post(url, {}, content_type="application/json")

    assert refused.status_code == 409
    assert refused.json()["errors"] == [
        {"field": "gate", "message": "No red-flag screen is on record."},
        {"field": "gate", "message": "Today's pre-session screen has not been done."},
    ]
    assert not LiveSession.objects.exists()

    open_gate(personas.patient, personas.therapist_a)
    opened = therapist.post(
        url, {"plan": ["trapezius__upper_fibres"], "window_low": 4}, content_type="application/json"
    )
    assert opened.status_code == 201
    assert opened.json()["window_low"] == 4 and len(opened.json()["short_code"]) == 6


def test_the_api_refuses_an_unknown_trigger_point_or_a_window_upside_down(
    personas: Personas,
) -> None:
    open_gate(personas.patient, personas.therapist_a)
    therapist = api_client(personas.therapist_a)
    url = f"/api/v1/patients/{personas.patient.pk}/live"

    unknown = therapist.post(url, {"plan": ["nope"]}, content_type="application/json")
    upside = therapist.post(
        url, {"window_low": 8, "window_high": 6}, content_type="application/json"
    )

    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "plan"
    assert upside.status_code == 422
    assert not LiveSession.objects.exists()
