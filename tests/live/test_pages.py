"""Opening live feedback, the therapist's screen with its QR code, the phone page, the code page."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from knotwork.live.models import LiveSession
from knotwork.live.services import end_live_session
from knotwork.live.tokens import make_join_token
from tests.conftest import open_gate, patient_page

pytestmark = pytest.mark.django_db


def staff_client(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_it_opens_live_feedback_with_a_qr_code_and_a_short_code(personas) -> None:
    open_gate(personas.patient, personas.therapist_a)
    client = staff_client(personas.therapist_a)
    response = client.post(
        reverse("live_start", kwargs={"patient_id": personas.patient.pk}),
        {"plan": ["trapezius__upper_fibres"], "window_low": "4", "window_high": "6"},
    )
    live = LiveSession.objects.get(patient=personas.patient)
    assert response["Location"] == reverse("live_screen", kwargs={"live_id": live.pk})
    assert (live.window_low, live.window_high, live.plan) == (4, 6, ["trapezius__upper_fibres"])
    page = client.get(response["Location"]).content.decode()
    assert "<svg" in page and live.short_code in page
    assert "/live/join/" in page
    # The screen's script is handed the window and the hold guidance (E.1), not typed in it.
    targets = page.split('<script id="live-targets" type="application/json">')[1]
    assert json.loads(targets.split("</script>")[0]) == {"window": [4, 6], "hold": [30, 90]}


def test_it_refuses_a_target_window_upside_down(personas) -> None:
    client = staff_client(personas.therapist_a)
    client.post(
        reverse("live_start", kwargs={"patient_id": personas.patient.pk}),
        {"window_low": "8", "window_high": "5"},
    )
    assert not LiveSession.objects.exists()


def test_it_gives_the_phone_every_control_without_a_login(live) -> None:
    page = Client().get(
        reverse("live_join", kwargs={"token": make_join_token(live.pk, live.patient_id)})
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-send="stop"' in html
    assert all(f'data-value="{n}"' in html for n in range(11))
    assert all(f'data-send="{kind}"' in html for kind in ("more", "less", "good"))


def test_it_turns_a_typed_code_into_the_phone_link(live) -> None:
    response = Client().post(reverse("live_code"), {"code": live.short_code.lower()})
    assert response.status_code == 302
    assert Client().get(response["Location"]).status_code == 200


def test_it_refuses_a_code_to_another_phone_once_a_phone_has_joined(live) -> None:
    live.phone_device = "phone-device-aaaaaaaaaaaa"
    live.save()
    response = Client().post(reverse("live_code"), {"code": live.short_code})
    assert response.status_code == 400
    other = {"code": live.short_code, "device": "phone-device-bbbbbbbbbbbb"}
    refused = Client().post(reverse("live_code"), other)
    assert "Another phone has already joined this session" in refused.content.decode()


def test_the_phone_that_joined_rejoins_with_the_code_while_the_session_lasts(
    personas, live
) -> None:
    from knotwork.live.services import end_live_session

    live.phone_device = "phone-device-aaaaaaaaaaaa"
    live.save()
    same = {"code": live.short_code, "device": "phone-device-aaaaaaaaaaaa"}
    response = Client().post(reverse("live_code"), same)
    assert response.status_code == 302
    assert Client().get(response["Location"]).status_code == 200
    end_live_session(actor=personas.therapist_a, live=live)
    assert Client().post(reverse("live_code"), same).status_code == 400


def test_it_closes_the_phone_link_when_the_session_ends(personas, live) -> None:
    token = make_join_token(live.pk, live.patient_id)
    staff_client(personas.therapist_a).post(reverse("live_end", kwargs={"live_id": live.pk}))
    page = Client().get(reverse("live_join", kwargs={"token": token}))
    assert page.status_code == 410
    assert "ended" in page.content.decode()


def test_it_shows_the_record_of_an_ended_session_on_the_screen(personas, live) -> None:
    from datetime import timedelta

    from django.utils import timezone

    start = timezone.now()
    live.events.create(kind="next_trigger_point", at=start, trigger_point="trapezius__upper_fibres")
    live.events.create(kind="discomfort", at=start + timedelta(seconds=5), value=6, seq=1)
    live.events.create(kind="stop", at=start + timedelta(seconds=40), seq=2)
    end_live_session(actor=personas.therapist_a, live=live)
    page = (
        staff_client(personas.therapist_a)
        .get(reverse("live_screen", kwargs={"live_id": live.pk}))
        .content.decode()
    )
    assert "40 s" in page and "STOP" in page
    assert "live-therapist.js" not in page


def test_it_lists_live_sessions_on_the_patient_page(personas, live) -> None:
    page = patient_page(staff_client(personas.therapist_a), personas.patient.pk)
    assert "Open live feedback" in page
    assert reverse("live_screen", kwargs={"live_id": live.pk}) in page


def test_it_takes_the_plan_from_the_treatment_session_it_belongs_to(personas) -> None:
    from datetime import date

    from knotwork.courses.models import Course, TreatmentSession

    course = Course.objects.create(
        patient=personas.patient,
        therapist=personas.therapist_a,
        start_date=date(2026, 1, 5),
        sessions=6,
        weeks=3,
        review_after=3,
        min_gap_days=2,
        relief_shortest_days=2,
        relief_longest_days=4,
        ask_after_hours=24,
        remind_after_hours=48,
        close_after_hours=72,
        disability_instrument="ndi",
    )
    session = TreatmentSession.objects.create(course=course, number=1, status="booked")
    session.points.create(muscle="trapezius", trigger_point="upper_fibres", side="left")
    open_gate(personas.patient, personas.therapist_a)
    client = staff_client(personas.therapist_a)
    client.post(
        reverse("live_start", kwargs={"patient_id": personas.patient.pk}),
        {"treatment_session": session.pk, "window_low": "5", "window_high": "7"},
    )
    live = LiveSession.objects.get(patient=personas.patient)
    assert live.treatment_session == session
    assert live.plan == ["trapezius__upper_fibres"]
    assert list(session.live_sessions.all()) == [live]


def test_the_phone_page_lets_the_patient_zoom(personas, live) -> None:
    token = make_join_token(live.pk, live.patient_id)
    page = Client().get(reverse("live_join", kwargs={"token": token})).content.decode()
    viewport = page.split('name="viewport" content="', 1)[1].split('"', 1)[0]
    assert "user-scalable=no" not in viewport and "maximum-scale" not in viewport
