"""The courses API: start a course (409 while the gate is shut), read it, read a session record."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.test import Client

from knotwork.courses.models import Course
from knotwork.courses.services import sign_session
from knotwork.live.models import LiveEvent
from knotwork.live.services import end_live_session, start_live_session
from tests.conftest import Personas
from tests.courses.conftest import POINT, Clock, client_of, hold, ready_patient, screen_today

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse


def post(client: Client, url: str, body: dict[str, Any]) -> TestResponse:
    return client.post(url, body, content_type="application/json")


def start(personas: Personas, clock: Clock, **extra: object):
    url = f"/api/v1/patients/{personas.patient.pk}/courses"
    body = {"start_date": clock.today().isoformat(), **extra}
    return post(client_of(personas.therapist_a), url, body)


def test_it_starts_a_course_and_answers_with_its_plan_and_sessions(
    personas: Personas, clock: Clock
) -> None:
    ready_patient(personas, nprs=7, odi_total=20)
    response = start(personas, clock)
    assert response.status_code == 201, response.content
    course = response.json()
    assert course["plan"]["sessions"] == 4 and course["plan"]["review_after"] == 2
    assert course["plan"]["course_end"] == (clock.today() + timedelta(weeks=6)).isoformat()
    assert course["baseline"]["nprs"] == 7.0 and course["baseline"]["disability"] == 40.0
    assert [(s["number"], s["status"]) for s in course["sessions"]] == [
        (1, "booked"),
        (2, "planned"),
        (3, "planned"),
        (4, "planned"),
    ]
    assert course["sessions"][0]["scheduled_for"] == clock.today().isoformat()
    assert all(s["suggested"] for s in course["sessions"][1:]), "the plan suggests the others"

    listed = client_of(personas.therapist_a).get(f"/api/v1/patients/{personas.patient.pk}/courses")
    assert [c["id"] for c in listed.json()["items"]] == [course["id"]]


def test_it_refuses_a_course_with_409_and_the_reasons_while_the_gate_is_shut(
    personas: Personas, clock: Clock
) -> None:
    from knotwork.intake.services.safety import record_intake_screen

    record_intake_screen(
        actor=personas.patient_user,
        patient=personas.patient,
        answers={"rf_weight_loss": True},
    )
    response = start(personas, clock)
    assert response.status_code == 409
    body = response.json()
    assert "safety gate is shut" in body["detail"]
    # The one error shape: the gate's reasons and the finding awaiting a clearance, by field.
    fields = [error["field"] for error in body["errors"]]
    assert "clearances.rf_weight_loss" in fields
    reasons = [error["message"] for error in body["errors"] if error["field"] == "gate"]
    assert any("Physician clearance required" in reason for reason in reasons)
    assert set(body) == {"detail", "errors"}
    assert not Course.objects.filter(patient=personas.patient).exists()


def test_it_refuses_a_second_active_course_with_409(personas: Personas, clock: Clock) -> None:
    ready_patient(personas)
    assert start(personas, clock).status_code == 201
    again = start(personas, clock)
    assert again.status_code == 409
    assert "already has an active course" in again.json()["detail"]


def test_it_names_the_field_of_bad_input_with_422(personas: Personas, clock: Clock) -> None:
    ready_patient(personas)
    past = start(personas, clock, start_date=(clock.today() - timedelta(days=1)).isoformat())
    assert past.status_code == 422
    assert past.json()["errors"][0]["field"] == "start_date"
    text_score = start(personas, clock, baseline_nprs="7")
    assert text_score.status_code == 422
    assert text_score.json()["errors"][0]["field"] == "baseline_nprs"
    unknown = start(personas, clock, sessions=8)
    assert unknown.status_code == 422
    assert not Course.objects.filter(patient=personas.patient).exists()


def test_it_shows_the_review_outcome_and_the_next_session_suggested(
    personas: Personas, clock: Clock
) -> None:
    ready_patient(personas, nprs=7)
    course_id = start(personas, clock).json()["id"]
    course = Course.objects.get(pk=course_id)
    hold(personas, course, 1, clock, pre=7, post=5)
    clock.advance(days=10)
    hold(personas, course, 2, clock, pre=3, post=2)

    found = client_of(personas.therapist_a).get(f"/api/v1/courses/{course_id}").json()
    assert [s["status"] for s in found["sessions"]] == ["signed", "signed", "planned", "planned"]
    assert found["progress"]["sessions_done"] == 2
    review = found["reviews"][0]
    assert review["after_session"] == 2 and review["outcome"] == "responding"
    assert review["decision_required"] is False
    nprs = next(row for row in review["figures"] if row["instrument"] == "nprs")
    assert (nprs["baseline"], nprs["current"]) == (7.0, 3.0)
    following = found["next_session"]
    assert following["session_number"] == 3
    assert following["on"] > clock.today().isoformat()
    assert following["explanation"]


def test_it_reads_a_session_record_with_its_points_and_live_feedback(
    personas: Personas, clock: Clock
) -> None:
    ready_patient(personas)
    course_id = start(personas, clock).json()["id"]
    session = Course.objects.get(pk=course_id).treatment_sessions.get(number=1)
    screen_today(personas, clock.today())
    live = start_live_session(
        actor=personas.therapist_a, patient=personas.patient, treatment_session=session
    )
    point = "quadratus_lumborum__superficial"
    moments = [clock.now + timedelta(seconds=s) for s in (0, 5, 20, 40)]
    LiveEvent.objects.bulk_create(
        [
            LiveEvent(
                live_session=live, kind="next_trigger_point", at=moments[0], trigger_point=point
            ),
            LiveEvent(live_session=live, kind="discomfort", at=moments[1], value=6, seq=1),
            LiveEvent(live_session=live, kind="discomfort", at=moments[2], value=7, seq=2),
            LiveEvent(live_session=live, kind="release_felt", at=moments[3]),
        ]
    )
    end_live_session(actor=personas.therapist_a, live=live)
    screen_today(personas, clock.today())
    from knotwork.courses.services import record_session

    record_session(
        actor=personas.therapist_a,
        session=session,
        held_at=clock.now + timedelta(minutes=50),
        fields={"pre_nprs": 6, "post_nprs": 4, "subjective": "Stiff mornings."},
        points=[POINT],
    )
    sign_session(actor=personas.therapist_a, session=session)

    url = f"/api/v1/courses/{course_id}/sessions/1"
    record = client_of(personas.therapist_a).get(url).json()
    assert (record["pre_nprs"], record["post_nprs"], record["status"]) == (6, 4, "signed")
    assert record["subjective"] == "Stiff mornings."
    assert record["points"] == [
        {**POINT, "algometer_value": None, "algometer_unit": ""},
    ]
    traces = record["live_feedback"][0]["trigger_points"]
    assert [t["trigger_point"] for t in traces] == [point]
    assert (traces[0]["peak_discomfort"], traces[0]["final_discomfort"]) == (7, 7)
    assert traces[0]["release_felt"] is True
    assert record["check_in"]["status"] == "scheduled"


def test_it_hides_another_clinics_course_and_a_session_that_does_not_exist(
    personas: Personas, clock: Clock
) -> None:
    ready_patient(personas)
    course_id = start(personas, clock).json()["id"]
    outsider = client_of(personas.therapist_b)
    assert outsider.get(f"/api/v1/courses/{course_id}").status_code == 404
    assert outsider.get(f"/api/v1/courses/{course_id}/sessions/1").status_code == 404
    own = client_of(personas.therapist_a)
    missing = own.get(f"/api/v1/courses/{course_id}/sessions/9")
    assert missing.status_code == 404
    assert "no session 9" in missing.json()["detail"]
