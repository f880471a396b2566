"""Calendar feeds: a secret link per therapist and per patient; nothing clinical in them."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.test import Client

from knotwork.courses.services import start_course
from tests.conftest import Personas
from tests.courses.conftest import Clock, client_of, ready_patient

if TYPE_CHECKING:
    from knotwork.accounts.models import User


def feed_link(user: User) -> str:
    page = client_of(user).post("/calendar/").content.decode()
    found = re.search(r"http://testserver(/calendar/[^<\s]+\.ics)", page)
    assert found, page
    return found.group(1)


def test_it_serves_the_sessions_as_ical_feeds_for_therapist_and_patient(
    personas: Personas, clock: Clock
) -> None:
    ready_patient(personas)
    start_course(actor=personas.therapist_a, patient=personas.patient, start_date=clock.today())

    therapist_feed = Client().get(feed_link(personas.therapist_a))
    patient_feed = Client().get(feed_link(personas.patient_user))

    assert therapist_feed["Content-Type"].startswith("text/calendar")
    body = therapist_feed.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and "BEGIN:VEVENT" in body
    assert f"DTSTART;VALUE=DATE:{clock.today():%Y%m%d}" in body
    assert "P.I." in body and "Ient" not in body
    assert "Session 1 of 4 at Clinic A" in patient_feed.content.decode()


def test_it_revokes_the_old_link_when_a_new_one_is_made(personas: Personas) -> None:
    old = feed_link(personas.therapist_a)
    new = feed_link(personas.therapist_a)

    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200
    assert Client().get("/calendar/not-a-token.ics").status_code == 404
