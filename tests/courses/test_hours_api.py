"""The API of booking's hours and the day view: what the pages read and set, with their rules."""

from __future__ import annotations

from datetime import time, timedelta

from knotwork.audit.models import AuditEntry
from knotwork.courses.models import OpeningHours, WorkingHours
from knotwork.courses.services import book_session, save_opening_hours, start_course
from tests.conftest import Personas
from tests.courses.conftest import Clock, at_ten, client_of, ready_patient
from tests.courses.test_booking import other_course

JSON = "application/json"


def test_staff_read_the_opening_hours_and_an_admin_sets_them(
    personas: Personas, clock: Clock
) -> None:
    therapist, admin = client_of(personas.therapist_a), client_of(personas.admin_a)

    default = therapist.get("/api/v1/clinic/opening-hours").json()
    assert default["own_hours"] is False and default["session_minutes"] == 60
    assert [d["day"] for d in default["week"]] == [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
    ]
    week = [
        {"weekday": 0, "start": "09:00", "end": "13:00"},
        {"weekday": 2, "start": "09:00", "end": "17:00"},
    ]
    saved = admin.put(
        "/api/v1/clinic/opening-hours",
        {"week": week, "session_minutes": 45},
        content_type=JSON,
    )
    assert saved.status_code == 200
    assert saved.json()["own_hours"] is True and saved.json()["session_minutes"] == 45
    assert saved.json()["week"][1] == {
        "weekday": 2,
        "day": "Wednesday",
        "start": "09:00",
        "end": "17:00",
    }
    assert therapist.get("/api/v1/clinic/opening-hours").json() == saved.json()
    # The page sees the same week.
    page = admin.get("/clinic/hours/").content.decode()
    assert 'name="start2" value="09:00"' in page or 'value="09:00"' in page
    assert AuditEntry.objects.filter(subject="opening_hours").count() == 1


def test_a_week_the_rules_refuse_is_a_422_naming_the_field_and_nothing_changes(
    personas: Personas,
) -> None:
    admin = client_of(personas.admin_a)
    url = "/api/v1/clinic/opening-hours"

    backwards = admin.put(
        url,
        {"week": [{"weekday": 0, "start": "17:00", "end": "09:00"}], "session_minutes": 60},
        content_type=JSON,
    )
    twice = admin.put(
        url,
        {
            "week": [
                {"weekday": 0, "start": "09:00", "end": "12:00"},
                {"weekday": 0, "start": "13:00", "end": "17:00"},
            ],
            "session_minutes": 60,
        },
        content_type=JSON,
    )
    offset = admin.put(
        url,
        {"week": [{"weekday": 0, "start": "09:00+02:00", "end": "17:00"}], "session_minutes": 60},
        content_type=JSON,
    )

    assert backwards.status_code == 422 and backwards.json()["errors"][0]["field"] == "week"
    assert "end must come after the start" in backwards.json()["errors"][0]["message"]
    assert twice.status_code == 422 and twice.json()["errors"][0]["field"] == "week[1]"
    assert offset.status_code == 422 and offset.json()["errors"][0]["field"] == "week[0].start"
    assert not OpeningHours.objects.exists()


def test_a_therapist_sets_their_own_working_hours_but_not_a_colleagues(
    personas: Personas,
) -> None:
    therapist = client_of(personas.therapist_a)
    own = personas.therapist_a.memberships.get()
    colleague = personas.admin_a.memberships.get()
    week = {"week": [{"weekday": 1, "start": "12:00", "end": "18:00"}]}

    saved = therapist.put(f"/api/v1/clinic/working-hours/{own.pk}", week, content_type=JSON)
    refused = therapist.put(f"/api/v1/clinic/working-hours/{colleague.pk}", week, content_type=JSON)

    assert saved.status_code == 200
    assert saved.json()["own_hours"] is True and saved.json()["week"][0]["day"] == "Tuesday"
    assert refused.status_code == 404
    assert not WorkingHours.objects.filter(membership=colleague).exists()
    listed = therapist.get("/api/v1/clinic/working-hours").json()
    by_member = {row["membership_id"]: row for row in listed["items"]}
    assert listed["count"] == len(by_member) == 2
    assert by_member[own.pk]["week"][0]["start"] == "12:00"
    # A member without hours of their own works the clinic's opening hours.
    assert by_member[colleague.pk]["own_hours"] is False
    assert len(by_member[colleague.pk]["week"]) == 5


def test_the_day_view_lists_the_clinics_sessions_of_the_day_by_time_with_the_gate(
    personas: Personas, clock: Clock
) -> None:
    ready_patient(personas)
    save_opening_hours(
        actor=personas.admin_a,
        clinic=personas.clinic_a,
        week={day: (time(8), time(18)) for day in range(5)},
        session_minutes=60,
    )
    wednesday = clock.today() + timedelta(days=2)
    course = start_course(
        actor=personas.therapist_a,
        patient=personas.patient,
        start_date=wednesday,
        starts_at=at_ten(wednesday) + timedelta(hours=3),
    )
    other = other_course(personas, clock)
    book_session(
        actor=personas.therapist_a,
        session=other.treatment_sessions.get(number=1),
        starts_at=at_ten(wednesday),
        therapist=personas.admin_a,
    )
    therapist = client_of(personas.therapist_a)

    day = therapist.get(f"/api/v1/clinic/day?on={wednesday.isoformat()}").json()

    assert day["count"] == 2
    first, second = day["items"]
    assert (first["patient_id"], first["therapist_id"]) == (
        personas.other_patient.pk,
        personas.admin_a.pk,
    )
    assert second["course_id"] == course.pk and second["number"] == 1
    assert second["starts_at"].startswith(f"{wednesday.isoformat()}T13:00")
    # No pre-session screen for that day yet: the gate says so.
    assert second["gate_open"] is False and second["gate_reasons"]
    mine = therapist.get(
        f"/api/v1/clinic/day?on={wednesday.isoformat()}&therapist_id={personas.therapist_a.pk}"
    ).json()
    assert [row["patient_id"] for row in mine["items"]] == [personas.patient.pk]
    paged = therapist.get(f"/api/v1/clinic/day?on={wednesday.isoformat()}&page_size=1").json()
    assert paged["count"] == 2 and len(paged["items"]) == 1
    # Clinic B sees none of clinic A's day.
    assert client_of(personas.therapist_b).get(
        f"/api/v1/clinic/day?on={wednesday.isoformat()}"
    ).json() == {"items": [], "count": 0}
    assert AuditEntry.objects.filter(subject="day_view").exists()
