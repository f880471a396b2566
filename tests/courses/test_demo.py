"""The demo shows a course three weeks in for Jordan, and Priya ready to start one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from knotwork.courses.demo import seed_demo_courses
from knotwork.courses.models import CheckInStatus, Course
from knotwork.courses.presenters import next_session
from knotwork.demo import seed_demo_clinic
from knotwork.intake.services import gate_for
from knotwork.patients.models import Patient

pytestmark = pytest.mark.django_db


def test_it_seeds_jordans_course_three_weeks_in_with_a_responding_review() -> None:
    clinic = seed_demo_clinic()
    assert clinic is not None
    course = Course.objects.get(patient__given_name="Jordan", patient__clinic=clinic)
    today = timezone.localdate()
    assert course.start_date == today - timedelta(weeks=3)
    assert course.is_active
    sessions = list(course.treatment_sessions.all())
    assert [s.status for s in sessions] == ["signed", "signed", "booked", "planned"]
    assert all(timezone.localdate(s.held_at) < today for s in sessions[:2])
    review = course.reviews.get()
    assert (review.after_session, review.outcome) == (2, "responding")
    assert not review.awaiting_decision
    assert [s.check_in.status for s in sessions[:2]] == [CheckInStatus.ANSWERED] * 2
    suggested = next_session(course, today)
    assert suggested is not None
    following, suggestion = suggested
    assert following.number == 3
    assert suggestion.on is not None and suggestion.on >= today


def test_it_leaves_priya_with_an_open_gate_and_no_course() -> None:
    clinic = seed_demo_clinic()
    priya = Patient.objects.get(given_name="Priya", clinic=clinic)
    assert not priya.courses.exists()
    assert gate_for(priya, "start_course", on=timezone.localdate()).open


def test_it_seeds_nothing_twice() -> None:
    clinic = seed_demo_clinic()
    assert clinic is not None
    seed_demo_courses(clinic)
    assert Course.objects.filter(patient__clinic=clinic).count() == 1
