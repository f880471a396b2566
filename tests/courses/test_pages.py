"""The therapist's pages: start a course, book, record a session with its points, sign it."""

from __future__ import annotations

import re

from knotwork.courses.models import Course
from knotwork.domain.referral import rank
from tests.conftest import Personas
from tests.courses.conftest import Clock, client_of, ready_patient, screen_today


def test_it_lets_a_therapist_start_a_course_and_record_a_session_in_the_browser_forms(
    personas: Personas, clock: Clock
) -> None:
    ready_patient(personas)
    therapist = client_of(personas.therapist_a)
    start_page = therapist.get(f"/patients/{personas.patient.pk}/course/new/").content.decode()
    assert "Safety gate open" in start_page and 'value="odi" selected' in start_page

    started = therapist.post(
        f"/patients/{personas.patient.pk}/course/new/",
        {"starts_at": f"{clock.today().isoformat()}T10:00", "disability_instrument": "odi"},
    )
    course = Course.objects.get()
    assert started["Location"] == f"/courses/{course.pk}/"
    course_page = therapist.get(started["Location"]).content.decode()
    assert "0</span> done of 4 planned" in course_page

    session = course.treatment_sessions.get(number=1)
    screen_today(personas, clock.today())
    form_page = therapist.get(f"/sessions/{session.pk}/record/").content.decode()
    # The finder's candidates for the patient's map come first in the trigger-point list.
    pain_map = personas.patient.pain_maps.first()
    assert pain_map is not None
    best = rank(pain_map.to_domain()).candidates[0]
    finder_group = form_page.split("All muscles", 1)[0]
    assert "Trigger points to examine (finder)" in finder_group
    assert f"finder:{best.muscle}/{best.trigger_point}/{best.side}" in finder_group
    saved = therapist.post(
        f"/sessions/{session.pk}/record/",
        {
            "held_at": clock.now.strftime("%Y-%m-%dT%H:%M"),
            "pre_nprs": "7",
            "post_nprs": "4",
            "home_care": ["quadratus_lumborum"],
            "subjective": "Pain rising from a chair.",
            "points-TOTAL_FORMS": "2",
            "points-INITIAL_FORMS": "0",
            "points-0-target": f"finder:{best.muscle}/{best.trigger_point}/{best.side}",
            "points-0-pressure_grade": "3",
            "points-0-algometer_value": "4.5",
            "points-0-algometer_unit": "kg/cm2",
            "points-0-hold_seconds": "60",
            "points-0-repetitions": "2",
            "points-0-discomfort": "6",
            "points-0-release_felt": "on",
            "points-1-target": "",
        },
    )
    assert saved.status_code == 302, saved.content.decode()[:2000]
    signed = therapist.post(f"/sessions/{session.pk}/sign/")
    assert signed.status_code == 302

    session.refresh_from_db()
    point = session.points.get()
    assert (point.muscle, point.side, point.chosen_from, point.pressure_grade) == (
        best.muscle,
        best.side,
        "finder",
        3,
    )
    assert str(point.algometer_value) == "4.50" and point.algometer_unit == "kg/cm2"
    assert session.is_signed and session.signed_by == personas.therapist_a
    detail = therapist.get(f"/sessions/{session.pk}/").content.decode()
    assert "Amend" in detail and "Home care sheet" in detail
    # The treated point reads as the muscle and trigger point's names, not their ids.
    assert point.label.split(":")[0] in detail and f"{best.muscle} / " not in detail


def test_it_refuses_a_point_without_any_pressure(personas: Personas, clock: Clock) -> None:
    ready_patient(personas)
    therapist = client_of(personas.therapist_a)
    therapist.post(
        f"/patients/{personas.patient.pk}/course/new/",
        {"starts_at": f"{clock.today().isoformat()}T10:00", "disability_instrument": "odi"},
    )
    session = Course.objects.get().treatment_sessions.get(number=1)
    screen_today(personas, clock.today())

    response = therapist.post(
        f"/sessions/{session.pk}/record/",
        {
            "held_at": clock.now.strftime("%Y-%m-%dT%H:%M"),
            "pre_nprs": "7",
            "points-TOTAL_FORMS": "1",
            "points-INITIAL_FORMS": "0",
            "points-0-target": "muscle_list:quadratus_lumborum/deep/left",
            "points-0-discomfort": "6",
        },
    )

    assert response.status_code == 400
    assert "Give the pressure" in response.content.decode()
    session.refresh_from_db()
    assert not session.is_held


def test_it_shows_an_out_of_range_discomfort_under_that_field_in_scale_words(
    personas: Personas, clock: Clock
) -> None:
    ready_patient(personas)
    therapist = client_of(personas.therapist_a)
    therapist.post(
        f"/patients/{personas.patient.pk}/course/new/",
        {"starts_at": f"{clock.today().isoformat()}T10:00", "disability_instrument": "odi"},
    )
    session = Course.objects.get().treatment_sessions.get(number=1)
    screen_today(personas, clock.today())

    response = therapist.post(
        f"/sessions/{session.pk}/record/",
        {
            "held_at": clock.now.strftime("%Y-%m-%dT%H:%M"),
            "pre_nprs": "7",
            "points-TOTAL_FORMS": "1",
            "points-INITIAL_FORMS": "0",
            "points-0-target": "muscle_list:quadratus_lumborum/deep/left",
            "points-0-pressure_grade": "3",
            "points-0-discomfort": "11",
        },
    )

    assert response.status_code == 400
    page = response.content.decode()
    # The message sits inside the discomfort field's own label, not in the next grid cell.
    discomfort_label = page.split('name="points-0-discomfort"', 1)[1].split("</label>", 1)[0]
    assert "Use the 0-10 scale" in discomfort_label
    session.refresh_from_db()
    assert not session.is_held


def test_it_shows_the_plans_date_as_next_due_before_any_session_without_a_booking(
    personas: Personas, clock: Clock
) -> None:
    ready_patient(personas)
    therapist = client_of(personas.therapist_a)
    started = therapist.post(
        f"/patients/{personas.patient.pk}/course/new/",
        {"starts_at": f"{clock.today().isoformat()}T10:00", "disability_instrument": "odi"},
    )
    course = Course.objects.get()
    course.treatment_sessions.filter(number=1).update(scheduled_for=None)
    page = therapist.get(started["Location"]).content.decode()
    due = page.split("Next session due", 1)[1].split("</dd>", 1)[0]
    assert "Mon 3 Mar 2031" in due and "suggested" in due


def test_small_things_on_the_course_pages(personas: Personas, clock: Clock) -> None:
    from knotwork.courses.services import end_course
    from tests.courses.test_review import two_sessions

    course = two_sessions(personas, clock, second_pain=5)
    therapist = client_of(personas.therapist_a)
    page = therapist.get(f"/courses/{course.pk}/").content.decode()
    # Each decision radio sits inside the label with its words.
    for value, words in (("continue", "Continue the course"), ("refer", "Refer on")):
        label = re.search(
            rf'<label class="option"[^>]*>\s*<input[^>]*value="{value}"[^>]*>\s*'
            rf"<span>{words}</span></label>",
            page,
        )
        assert label, value
    summary = therapist.get(f"/courses/{course.pk}/summary/").content.decode()
    actions = summary.split('class="page-actions', 1)[1].split("</div>", 1)[0]
    assert "Back to the course" in actions and "Print" in actions

    end_course(actor=personas.therapist_a, course=course, reason="Referred to the GP.")
    ended = therapist.get(f"/courses/{course.pk}/").content.decode()
    assert "The suggestion appears after the first session is recorded" not in ended
