"""The therapist's per trigger point record refreshes after each command, with what was stored."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from knotwork.live.services import summary_of
from tests.live.conftest import event, phone, receive, receive_type, run, screen

pytestmark = pytest.mark.django_db(transaction=True)

POINT = "trapezius__upper_fibres"


def test_it_has_stored_each_command_before_the_screen_hears_of_it(personas, live, token) -> None:
    therapist = screen(live.pk, personas.therapist_a)
    seen: list[list[dict[str, Any]]] = []

    async def scenario() -> None:
        from channels.db import database_sync_to_async

        await therapist.connect()
        await receive_type(therapist, "state")
        device = phone(token)
        await device.connect()
        await receive(device)
        await therapist.send_json_to({"type": "next_trigger_point", "trigger_point": POINT})
        await receive_type(therapist, "therapist")
        seen.append(await database_sync_to_async(summary_of)(live))
        await device.send_to(event("discomfort", 1, 6))
        await receive_type(therapist, "patient")
        await therapist.send_json_to({"type": "release_felt"})
        await receive_type(therapist, "therapist")
        # The rating may still have been in the batch; the command's flush wrote it as well.
        seen.append(await database_sync_to_async(summary_of)(live))
        await device.disconnect()
        await therapist.disconnect()

    run(scenario)
    assert [trace["trigger_point"] for trace in seen[0]] == [POINT]
    assert seen[0][0]["peak_discomfort"] is None
    after = seen[1][0]
    assert (after["peak_discomfort"], after["release_felt"]) == (6, True)


def test_it_serves_the_record_so_far_to_the_clinics_staff_only(personas, live) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from knotwork.live.models import LiveEvent

    now = timezone.now()
    LiveEvent.objects.bulk_create(
        [
            LiveEvent(live_session=live, kind="next_trigger_point", at=now, trigger_point=POINT),
            LiveEvent(
                live_session=live, kind="discomfort", at=now + timedelta(seconds=3), value=7, seq=1
            ),
        ]
    )
    url = reverse("live_summary", kwargs={"live_id": live.pk})
    staff = Client()
    staff.force_login(personas.therapist_a, backend="django.contrib.auth.backends.ModelBackend")
    html = staff.get(url).content.decode()
    assert "Trapezius" in html and "<td>7</td>" in html
    outsider = Client()
    outsider.force_login(personas.therapist_b, backend="django.contrib.auth.backends.ModelBackend")
    assert outsider.get(url).status_code == 404
