"""Outcomes that compare like with like: the baseline questionnaires are sent again before the
review and before the end, the review says what is missing, and one rule decides "now"."""

from __future__ import annotations

from knotwork.courses.models import Course
from knotwork.domain.outcomes import CURRENT_RULE
from knotwork.intake.models import AssignmentStatus
from tests.conftest import Personas, patient_page
from tests.courses.conftest import Clock, client_of, hold, odi_answers, score


def waiting(personas: Personas) -> list[str]:
    return sorted(
        personas.patient.instrument_assignments.filter(status=AssignmentStatus.SENT).values_list(
            "instrument", flat=True
        )
    )


def test_the_baseline_questionnaire_is_sent_again_before_the_review_and_before_the_end(
    personas: Personas, clock: Clock, started_course: Course
) -> None:
    course = started_course
    hold(personas, course, 1, clock, pre=7, post=5)

    # The disability instrument, and the stress rating the intake gave before the course.
    assert waiting(personas) == ["odi", "stress"]
    assert "Oswestry" in client_of(personas.patient_user).get("/me/").content.decode()
    clock.advance(days=7)
    score(personas, "odi", odi_answers(10))  # the patient answers the one sent
    hold(personas, course, 2, clock, pre=4, post=3)
    review = course.reviews.get()
    odi = next(row for row in review.figures if row["instrument"] == "odi")
    assert (odi["baseline"], odi["current"], odi["verdict"]) == (40.0, 20.0, "improved")
    assert waiting(personas) == ["stress"]

    clock.advance(days=7)
    hold(personas, course, 3, clock, pre=3, post=2)
    assert waiting(personas) == ["odi", "stress"], "sent again before the last session"


def test_the_review_page_says_what_is_still_missing(
    personas: Personas, clock: Clock, started_course: Course
) -> None:
    course = started_course
    hold(personas, course, 1, clock, pre=7, post=5)
    clock.advance(days=7)
    hold(personas, course, 2, clock, pre=4, post=3)

    page = client_of(personas.therapist_a).get(f"/courses/{course.pk}/").content.decode()
    assert "Still missing for this review:" in page
    assert "sent to the patient on 3 Mar is not answered yet" in page


def test_one_rule_for_now_on_the_patient_page_the_course_and_the_summary(
    personas: Personas, clock: Clock, started_course: Course
) -> None:
    course = started_course
    hold(personas, course, 1, clock, pre=6, post=4)
    clock.advance(days=7)
    score(personas, "nprs", [5])  # a questionnaire between the sessions
    clock.advance(days=1)
    hold(personas, course, 2, clock, pre=3, post=2)
    therapist = client_of(personas.therapist_a)

    staff_page = patient_page(therapist, personas.patient.pk)
    course_page = therapist.get(f"/courses/{course.pk}/").content.decode()
    summary = therapist.get(f"/courses/{course.pk}/summary/").content.decode()

    assert "the pain rated before the latest session" in CURRENT_RULE
    for page in (staff_page, course_page, summary):
        assert "the pain rated before the latest session, whichever came last" in page
    assert "Now 3 " in staff_page and "pain before session 2" in staff_page
    nprs = next(r for r in course.reviews.get().figures if r["instrument"] == "nprs")
    assert (nprs["current"], nprs["verdict"]) == (3.0, "improved")
    assert nprs["current_source"].startswith("pain before session 2")
    assert "pain before session 2" in summary
