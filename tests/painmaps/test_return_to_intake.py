"""Drawing from the intake returns to it (a safe `next` only), and staff reach the finder."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from knotwork.painmaps.models import DrawnVia, PainMapRecord
from knotwork.painmaps.services import record_pain_map
from tests.conftest import Personas

MARKS = json.dumps([{"region": "low_back_right", "intensity": 6, "quality": None}])


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_it_takes_the_patient_from_the_intake_to_drawing_and_back(personas: Personas) -> None:
    client = logged_in(personas.patient_user)
    started = client.post(f"/patients/{personas.patient.pk}/intake/")
    intake_id = started["Location"].split("/")[2]
    client.post(f"/intake/{intake_id}/reason/", {"reason": "Back pain"})
    step = client.get(f"/intake/{intake_id}/where/").content.decode()
    link = f"/me/pain-maps/new/?next=%2Fintake%2F{intake_id}%2Fwhere%2F"
    assert f'href="{link}"' in step
    saved = client.post(link, {"marks": MARKS})
    assert saved.status_code == 302
    assert saved["Location"] == f"/intake/{intake_id}/where/"
    assert PainMapRecord.objects.filter(patient=personas.patient).count() == 1
    assert "Your pain map shows pain in: Low back" in client.get(saved["Location"]).content.decode()


def test_it_tells_the_intake_that_the_latest_map_says_no_pain(personas: Personas) -> None:
    client = logged_in(personas.patient_user)
    started = client.post(f"/patients/{personas.patient.pk}/intake/")
    intake_id = started["Location"].split("/")[2]
    client.post(f"/intake/{intake_id}/reason/", {"reason": "Check-up"})
    link = f"/me/pain-maps/new/?next=%2Fintake%2F{intake_id}%2Fwhere%2F"
    zero = json.dumps([{"region": "chin", "intensity": 0, "quality": None}])
    saved = client.post(link, {"marks": zero, "no_pain": "1"})
    assert saved["Location"] == f"/intake/{intake_id}/where/"
    step = client.get(saved["Location"]).content.decode()
    # A region checked at 0 is no pain: the step neither says "pain in: Face" nor "no map yet".
    assert "Your latest pain map says there is no pain anywhere." in step
    assert "Your pain map shows pain in" not in step and "No pain map yet" not in step


@pytest.mark.parametrize(
    "target", ["https://evil.example.org/", "//evil.example.org/path", "javascript:alert(1)"]
)
def test_it_ignores_a_next_address_off_this_site(personas: Personas, target: str) -> None:
    client = logged_in(personas.therapist_a)
    url = f"/patients/{personas.patient.pk}/pain-maps/new/"
    saved = client.post(url, {"marks": MARKS, "next": target})
    assert saved.status_code == 302
    assert saved["Location"] == f"/patients/{personas.patient.pk}/pain-maps/"
    assert PainMapRecord.objects.count() == 1


def test_it_links_staff_from_a_pain_map_to_the_trigger_points_to_examine(
    personas: Personas,
) -> None:
    stored = record_pain_map(
        actor=personas.therapist_a,
        patient=personas.patient,
        marks=[{"region": "low_back_right", "intensity": 6}],
        via=DrawnVia.CLINIC,
    )
    link = f'href="/pain-maps/{stored.pk}/trigger-points/"'
    staff_page = logged_in(personas.therapist_a).get(f"/pain-maps/{stored.pk}/")
    patient_page = logged_in(personas.patient_user).get(f"/pain-maps/{stored.pk}/")
    assert link in staff_page.content.decode() and "Trigger points to examine" in (
        staff_page.content.decode()
    )
    assert patient_page.status_code == 200 and link not in patient_page.content.decode()


def test_the_patient_can_leave_the_drawing_page_without_saving(personas: Personas) -> None:
    client = logged_in(personas.patient_user)

    from_intake = client.get("/me/pain-maps/new/?next=%2Fintake%2F7%2Fwhere%2F").content.decode()
    from_my_page = client.get("/me/pain-maps/new/").content.decode()
    from_elsewhere = client.get("/me/pain-maps/new/?next=https://evil.example.org/").content

    assert '<a class="button" href="/intake/7/where/">Back without saving</a>' in from_intake
    assert '<a class="button" href="/me/">Back without saving</a>' in from_my_page
    assert b"evil.example.org" not in from_elsewhere
