"""The intake's baseline, scored on the first session's day, is not taken as a re-score."""

from __future__ import annotations

from typing import Any

from knotwork.courses.models import Course
from knotwork.courses.presenters import charts
from tests.conftest import Personas
from tests.courses.conftest import Clock, hold, score


def odi_row(course) -> dict[str, Any]:
    review = course.reviews.get()
    return next(row for row in review.figures if row["instrument"] == "odi")


def test_it_does_not_count_the_baseline_given_that_morning_as_a_re_score(
    personas: Personas, clock: Clock, started_course: Course
) -> None:
    course = started_course
    hold(personas, course, 1, clock, pre=7, post=5)
    clock.advance(days=14)
    hold(personas, course, 2, clock, pre=4, post=3)
    row = odi_row(course)
    assert (row["baseline"], row["current"], row["verdict"]) == (40.0, None, "not_comparable")
    # Sent again automatically after session 1, not answered: the review says so.
    assert "sent to the patient on 3 Mar is not answered yet" in row["explanation"]
    assert charts(course)["disability"].count("<circle") == 1, "the baseline point only"


def test_it_counts_a_re_score_given_after_the_course_started(
    personas: Personas, clock: Clock, started_course: Course
) -> None:
    from tests.courses.conftest import odi_answers

    course = started_course
    hold(personas, course, 1, clock, pre=7, post=5)
    clock.advance(days=14)
    score(personas, "odi", odi_answers(10))
    hold(personas, course, 2, clock, pre=4, post=3)
    row = odi_row(course)
    assert (row["baseline"], row["current"], row["verdict"]) == (40.0, 20.0, "improved")
    assert charts(course)["disability"].count("<circle") == 2
