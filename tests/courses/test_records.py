"""Session records: signing, amendments that keep the original, home care, the relief window."""

from __future__ import annotations

from datetime import timedelta

import pytest

from knotwork.courses.models import SessionStatus
from knotwork.courses.presenters import next_session
from knotwork.courses.services import CourseError, amend_session, report_tightness, start_course
from tests.conftest import Personas
from tests.courses.conftest import POINT, Clock, client_of, hold, ready_patient


@pytest.fixture
def course(personas: Personas, clock: Clock):
    ready_patient(personas)
    return start_course(
        actor=personas.therapist_a, patient=personas.patient, start_date=clock.today()
    )


def test_it_keeps_the_signed_original_when_a_record_is_amended(
    personas: Personas, clock: Clock, course
) -> None:
    session = hold(personas, course, 1, clock, pre=6, post=3)
    assert session.status == SessionStatus.SIGNED

    with pytest.raises(CourseError, match="needs a reason"):
        amend_session(
            actor=personas.therapist_a,
            session=session,
            fields={"post_nprs": 4},
            points=None,
            reason=" ",
        )
    amend_session(
        actor=personas.therapist_a,
        session=session,
        fields={"post_nprs": 4},
        points=[{**POINT, "discomfort": 8}],
        reason="Typed the wrong after-session pain.",
    )

    session.refresh_from_db()
    assert session.post_nprs == 4
    amendment = session.amendments.get()
    assert amendment.before["post_nprs"] == 3 and amendment.before["points"][0]["discomfort"] == 6
    assert set(amendment.changed_fields) == {"post_nprs", "points"}
    page = client_of(personas.therapist_a).get(f"/sessions/{session.pk}/").content.decode()
    assert "The record as originally signed" in page and "Typed the wrong" in page
    changes = page.split('class="table changes"', 1)[1].split("</table>", 1)[0]
    assert "Pain after" in changes and "Trigger points treated" in changes


def test_it_prints_the_muscles_self_care_advice_for_the_patient(
    personas: Personas, clock: Clock, course
) -> None:
    session = hold(personas, course, 1, clock, pre=6, post=3)
    amend_session(
        actor=personas.therapist_a,
        session=session,
        fields={"home_care": ["quadratus_lumborum"]},
        points=None,
        reason="Home care given.",
    )

    page = client_of(personas.patient_user).get(f"/sessions/{session.pk}/home-care/")

    assert page.status_code == 200
    assert "Quadratus lumborum" in page.content.decode()
    assert (
        client_of(personas.other_patient_user).get(f"/sessions/{session.pk}/home-care/").status_code
        == 404
    )


def test_it_aims_the_next_session_at_the_day_tightness_returned_within_the_plan(
    personas: Personas, clock: Clock, course
) -> None:
    session = hold(personas, course, 1, clock, pre=6, post=3)
    suggested = next_session(course, clock.today())
    assert suggested is not None
    _, by_stress = suggested
    # Stress 6 of the intake: relief expected for 14 - 6 = 8 days (4-14, linear).
    assert by_stress.relief_days == 8
    assert by_stress.on == clock.today() + timedelta(days=8)

    clock.advance(days=5)
    response = client_of(personas.patient_user).post(
        f"/sessions/{session.pk}/tightness/", {"on": clock.today().isoformat()}
    )
    assert response.status_code == 302
    course.refresh_from_db()
    suggested = next_session(course, clock.today())
    assert suggested is not None
    _, by_report = suggested
    # Tightness returned on Saturday 8 March; the clinic (default hours) opens again on Monday.
    assert by_report.aim == clock.today()
    assert by_report.on == clock.today() + timedelta(days=2)
    assert "tightness returning" in by_report.explanation

    with pytest.raises(CourseError):
        report_tightness(
            actor=personas.patient_user, session=session, on=clock.today() + timedelta(days=1)
        )
