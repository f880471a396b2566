"""The session writers through the API: book, record, sign, amend, with the pages' refusals."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client

from knotwork.courses.models import Course
from knotwork.courses.services import start_course
from tests.conftest import Personas
from tests.courses.conftest import Clock, at_ten, client_of, ready_patient, screen_today

POINT_IN = {
    "muscle": "quadratus_lumborum",
    "trigger_point": "superficial",
    "side": "right",
    "pressure_grade": 3,
    "hold_seconds": 60,
    "discomfort": 6,
}


def post(client: Client, url: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    response = client.post(url, body, content_type="application/json")
    answer: dict[str, Any] = response.json()
    return response.status_code, answer


def course_of(personas: Personas, clock: Clock, *, consent: bool = True) -> Course:
    ready_patient(personas, consent=consent)
    return start_course(
        actor=personas.therapist_a, patient=personas.patient, start_date=clock.today()
    )


def test_it_books_inside_the_hours_and_refuses_outside_naming_the_field(
    personas: Personas, clock: Clock
) -> None:
    course = course_of(personas, clock)
    api = client_of(personas.therapist_a)
    url = f"/api/v1/courses/{course.pk}/sessions/1/booking"
    sunday = clock.today() + timedelta(days=6)
    status, body = post(api, url, {"starts_at": f"{sunday.isoformat()}T10:00:00"})
    assert status == 422
    assert body["errors"] == [{"field": "starts_at", "message": "The clinic is closed on Sundays."}]
    wednesday = at_ten(clock.today() + timedelta(days=2))
    status, body = post(api, url, {"starts_at": wednesday.isoformat()})
    assert status == 200 and body["booked_with"] == str(personas.therapist_a)
    status, body = post(
        api, url, {"starts_at": wednesday.isoformat(), "therapist_id": personas.therapist_b.pk}
    )
    assert status == 422 and body["errors"][0]["field"] == "therapist_id"


def test_it_records_signs_and_amends_with_the_pages_refusals(
    personas: Personas, clock: Clock
) -> None:
    course = course_of(personas, clock, consent=False)
    api = client_of(personas.therapist_a)
    base = f"/api/v1/courses/{course.pk}/sessions"
    closed, body = post(api, f"{base}/1/record", {"held_at": clock.now.isoformat(), "pre_nprs": 6})
    assert closed == 409, "no pre-session screen today: the gate is shut"
    screen_today(personas, clock.today())
    bad, body = post(
        api,
        f"{base}/1/record",
        {
            "held_at": clock.now.isoformat(),
            "pre_nprs": 6,
            "points": [{**POINT_IN, "pressure_grade": None}],
        },
    )
    assert bad == 422 and body["errors"][0]["field"] == "points[0].pressure_grade"
    status, body = post(
        api,
        f"{base}/1/record",
        {"held_at": clock.now.isoformat(), "pre_nprs": 6, "post_nprs": 4, "points": [POINT_IN]},
    )
    assert status == 200 and body["status"] == "recorded" and len(body["points"]) == 1
    refused, body = post(api, f"{base}/1/signature", {})
    assert refused == 409 and "consent" in str(body["detail"])
    from knotwork.courses.services import record_paper_consent

    record_paper_consent(
        actor=personas.therapist_a, patient=personas.patient, signed_on=clock.today()
    )
    status, body = post(api, f"{base}/1/signature", {})
    assert status == 200 and body["status"] == "signed"

    status, body = post(api, f"{base}/1/amendments", {"post_nprs": 3, "reason": "Misread."})
    assert status == 201 and body["changed_fields"] == ["post_nprs"]

    clock.advance(days=1)
    screen_today(personas, clock.today())
    api = client_of(personas.therapist_a)  # a new login: yesterday's has timed out
    record = {"held_at": clock.now.isoformat(), "pre_nprs": 5}
    soon, body = post(api, f"{base}/2/record", record)
    assert soon == 422 and body["errors"][0]["field"] == "early_reason"
    status, body = post(api, f"{base}/2/record", {**record, "early_reason": "Leaving town."})
    assert status == 200 and body["early_reason"] == "Leaving town."
