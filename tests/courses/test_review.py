"""The review after session 2: a non-responder is flagged and the therapist must decide."""

from __future__ import annotations

from datetime import timedelta

import pytest

from knotwork.courses.models import CourseStatus
from knotwork.courses.services import CourseError, decide_review, record_session, start_course
from knotwork.domain.protocol import NOT_RESPONDING_TEXT
from tests.conftest import Personas
from tests.courses.conftest import POINT, Clock, client_of, hold, ready_patient, screen_today


def two_sessions(personas: Personas, clock: Clock, *, second_pain: int):
    ready_patient(personas, nprs=6, odi_total=15)
    course = start_course(
        actor=personas.therapist_a, patient=personas.patient, start_date=clock.today()
    )
    hold(personas, course, 1, clock, pre=6, post=4)
    clock.advance(days=14)
    hold(personas, course, 2, clock, pre=second_pain, post=second_pain)
    course.refresh_from_db()
    return course


def test_it_flags_a_patient_without_meaningful_improvement_at_session_two(
    personas: Personas, clock: Clock
) -> None:
    course = two_sessions(personas, clock, second_pain=5)

    review = course.reviews.get()
    assert review.headline == NOT_RESPONDING_TEXT
    assert review.decision_required
    nprs = next(row for row in review.figures if row["instrument"] == "nprs")
    assert (nprs["baseline"], nprs["current"], nprs["verdict"]) == (
        6.0,
        5.0,
        "no_meaningful_change",
    )
    page = client_of(personas.therapist_a).get(f"/courses/{course.pk}/").content.decode()
    assert NOT_RESPONDING_TEXT in page
    assert "Changed from 6 to 5" in page
    assert "Record decision" in page


def test_it_shows_improvement_and_asks_nothing_of_a_responder(
    personas: Personas, clock: Clock
) -> None:
    course = two_sessions(personas, clock, second_pain=3)

    review = course.reviews.get()
    assert review.headline == "responding"
    assert not review.decision_required
    page = client_of(personas.therapist_a).get(f"/courses/{course.pk}/").content.decode()
    assert "Changed from 6 to 3" in page and "Record decision" not in page


def test_it_blocks_session_three_until_the_therapist_decides(
    personas: Personas, clock: Clock
) -> None:
    course = two_sessions(personas, clock, second_pain=6)
    clock.advance(days=7)
    screen_today(personas, clock.today())
    third = course.treatment_sessions.get(number=3)

    with pytest.raises(CourseError, match="needs your decision"):
        record_session(
            actor=personas.therapist_a, session=third, held_at=clock.now, fields={}, points=[POINT]
        )
    review = course.reviews.get()
    with pytest.raises(CourseError, match="needs a reason"):
        decide_review(actor=personas.therapist_a, review=review, decision="continue")

    decide_review(
        actor=personas.therapist_a,
        review=review,
        decision="continue",
        reason="Sleep improved; patient wants two more sessions.",
    )
    record_session(
        actor=personas.therapist_a,
        session=third,
        held_at=clock.now,
        fields={"pre_nprs": 5},
        points=[POINT],
    )
    third.refresh_from_db()
    assert third.is_held


@pytest.mark.parametrize(("decision", "status"), [("refer", "referred"), ("end", "ended")])
def test_it_closes_the_course_when_the_therapist_refers_or_ends(
    personas: Personas, clock: Clock, decision: str, status: str
) -> None:
    course = two_sessions(personas, clock, second_pain=6)
    therapist = client_of(personas.therapist_a)

    response = therapist.post(
        f"/reviews/{course.reviews.get().pk}/decide/", {"decision": decision, "reason": ""}
    )

    assert response.status_code == 302
    course.refresh_from_db()
    assert course.status == CourseStatus(status)
    assert not course.is_active
    clock.advance(days=1)
    page = client_of(personas.therapist_a).get(f"/courses/{course.pk}/").content.decode()
    assert "Book" not in page.split("<h2>Sessions</h2>")[1].split("</table>")[0]
    assert clock.today() - course.start_date == timedelta(days=15)
