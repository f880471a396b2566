"""Calendar feeds: a secret link per therapist and per patient; nothing clinical in them."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.test import Client
from icalendar import Calendar

from knotwork.courses.services import book_session, end_course, record_session, start_course
from tests.conftest import Personas
from tests.courses.conftest import POINT, Clock, at_ten, client_of, ready_patient, screen_today

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


def events_of(body: bytes) -> dict[str, Any]:
    calendar = Calendar.from_ical(body)
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def test_it_gives_held_sessions_their_time_in_the_clinics_time_zone(
    personas: Personas, clock: Clock, settings: Any
) -> None:
    settings.TIME_ZONE = "Europe/Berlin"
    ready_patient(personas)
    course = start_course(
        actor=personas.therapist_a, patient=personas.patient, start_date=clock.today()
    )
    screen_today(personas, clock.today())
    first = course.treatment_sessions.get(number=1)
    record_session(
        actor=personas.therapist_a, session=first, held_at=clock.now, fields={}, points=[POINT]
    )

    body = Client().get(feed_link(personas.therapist_a)).content
    calendar = Calendar.from_ical(body)

    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Berlin"
    held = events_of(body)["Session 1/4: P.I."]
    # The clock says 09:00 UTC on 3 March 2031: 10:00 in Berlin.
    assert b"DTSTART;TZID=Europe/Berlin:20310303T100000" in body
    assert held["DTSTART"].dt.hour == 10 and str(held["STATUS"]) == "CONFIRMED"
    assert b"Ient" not in body and b"Pat " not in body


def test_it_keeps_cancelled_sessions_in_the_feed_marked_cancelled(
    personas: Personas, clock: Clock
) -> None:
    ready_patient(personas)
    course = start_course(
        actor=personas.therapist_a, patient=personas.patient, start_date=clock.today()
    )
    book_session(
        actor=personas.therapist_a,
        session=course.treatment_sessions.get(number=1),
        starts_at=at_ten(clock.today() + timedelta(days=2)),
    )
    end_course(actor=personas.therapist_a, course=course, reason="Moved away.")

    events = events_of(Client().get(feed_link(personas.patient_user)).content)

    cancelled = events["Cancelled: Session 1 of 4 at Clinic A"]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert cancelled["DTSTART"].dt == at_ten(clock.today() + timedelta(days=2))
    assert len(events) == 1


def test_each_fetch_of_a_feed_is_one_list_read_of_its_owner(
    personas: Personas, clock: Clock
) -> None:
    from knotwork.audit.models import AuditEntry

    ready_patient(personas)
    start_course(actor=personas.therapist_a, patient=personas.patient, start_date=clock.today())
    Client().get(feed_link(personas.therapist_a))
    entry = AuditEntry.objects.get(subject="calendar_feed")
    assert entry.actor == personas.therapist_a and entry.clinic == personas.clinic_a
    assert entry.patients == [[personas.patient.pk, "Pat Ient"]]
    assert entry.detail.startswith("1 patient shown: calendar feed of 4 sessions")


def test_a_feed_stops_when_its_owners_membership_ends(personas: Personas, clock: Clock) -> None:
    from knotwork.clinics.services import change_membership

    ready_patient(personas)
    start_course(actor=personas.therapist_a, patient=personas.patient, start_date=clock.today())
    link = feed_link(personas.therapist_a)
    assert Client().get(link).status_code == 200
    change_membership(
        actor=personas.admin_a, membership=personas.therapist_a.memberships.get(), active=False
    )
    assert Client().get(link).status_code == 404


def test_a_feed_lists_only_patients_its_owner_can_still_see(
    personas: Personas, clock: Clock
) -> None:
    from knotwork.clinics.models import Membership, Role

    ready_patient(personas)
    start_course(actor=personas.therapist_a, patient=personas.patient, start_date=clock.today())
    Membership.objects.create(user=personas.therapist_a, clinic=personas.clinic_b, role=Role.ADMIN)
    link = feed_link(personas.therapist_a)
    assert "BEGIN:VEVENT" in Client().get(link).content.decode()
    # Clinic A's membership ends behind the services' back (an operator's SQL, a restore): the
    # feed still answers for clinic B, without clinic A's patient.
    Membership.objects.filter(user=personas.therapist_a, clinic=personas.clinic_a).update(
        is_active=False
    )
    body = Client().get(link).content.decode()
    assert "BEGIN:VEVENT" not in body and "P.I." not in body
