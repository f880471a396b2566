"""The aggregates against a small hand-built clinic: counts of distinct patients, per clinic,
per filter."""

from __future__ import annotations

from datetime import timedelta

import pytest

from knotwork.insight import querysets
from knotwork.insight.querysets import Filters

from .conftest import START, Builder

pytestmark = pytest.mark.django_db


def test_it_counts_patients_by_the_pain_types_of_their_first_map(clinic_a: Builder) -> None:
    for _ in range(6):
        clinic_a.patient({"low_back_left": 5, "neck_back_upper_right": 3})
    clinic_a.patient({"temple_left": 4})
    # A region checked at 0 ("no pain there") is not a marked region.
    clinic_a.patient({"forehead_left": 0, "cheek_left": 2})
    total, mix = querysets.case_mix(Filters(clinic_a.clinic.pk))
    assert total == 8
    assert mix == {"low_back": 6, "neck": 6, "headache": 1, "facial": 1, "other": 0}


def test_it_never_counts_another_clinics_patients(clinic_a: Builder, clinic_b: Builder) -> None:
    clinic_a.patient({"low_back_left": 5})
    for _ in range(7):
        patient = clinic_b.patient({"low_back_left": 5})
        clinic_b.course(patient, outcome="responding")
        clinic_b.finding(patient, "quadratus_lumborum", "superficial", found=True)
    filters = Filters(clinic_a.clinic.pk)
    assert querysets.case_mix(filters) == (
        1, {"low_back": 1, "neck": 0, "headache": 0, "facial": 0, "other": 0}
    )  # fmt: skip
    assert querysets.reviews(filters)["reviewed"] == 0
    assert querysets.trigger_points(filters) == []


def test_it_reads_the_first_and_the_latest_map(clinic_a: Builder) -> None:
    clinic_a.patient({"low_back_left": 6}, latest={"low_back_left": 2, "buttock_upper_left": 1})
    clinic_a.patient({"low_back_left": 6}, latest={})  # no pain at the latest map
    filters = Filters(clinic_a.clinic.pk)
    assert querysets.region_counts(filters, "baseline_map") == {"low_back_left": 2}
    assert querysets.region_counts(filters, "latest_map") == {
        "low_back_left": 1,
        "buttock_upper_left": 1,
    }


def test_it_filters_by_period(clinic_a: Builder) -> None:
    clinic_a.patient({"low_back_left": 5}, drawn=START)
    clinic_a.patient({"low_back_left": 5}, drawn=START + timedelta(days=60))
    since = Filters(clinic_a.clinic.pk, since=START + timedelta(days=30))
    until = Filters(clinic_a.clinic.pk, until=START + timedelta(days=30))
    assert querysets.case_mix(since)[0] == 1
    assert querysets.case_mix(until)[0] == 1


def test_it_filters_by_therapist(clinic_a: Builder, personas) -> None:
    mine = clinic_a.patient({"low_back_left": 5})
    other = clinic_a.patient({"low_back_left": 5}, therapist=personas.admin_a)
    clinic_a.course(mine, outcome="responding")
    clinic_a.course(other, outcome="responding", therapist=personas.admin_a)
    filters = Filters(clinic_a.clinic.pk, therapist_id=personas.therapist_a.pk)
    assert querysets.case_mix(filters)[0] == 1
    assert querysets.reviews(filters)["reviewed"] == 1


def test_it_filters_by_pain_type(clinic_a: Builder) -> None:
    back = clinic_a.patient({"low_back_left": 5}, factors=["lifting"])
    clinic_a.patient({"temple_left": 5}, factors=["emotional_stress"])
    clinic_a.finding(back, "quadratus_lumborum", "superficial", found=True)
    filters = Filters(clinic_a.clinic.pk, pain_type="low_back")
    assert querysets.case_mix(filters)[0] == 1
    assert querysets.causes(filters, {"lifting": "lifting", "stress": "emotional_stress"}) == (
        1, {"lifting": 1, "stress": 0}
    )  # fmt: skip
    assert len(querysets.trigger_points(filters)) == 1
    assert querysets.trigger_points(filters.with_pain_type("headache")) == []


def test_it_counts_reviews_and_decisions(clinic_a: Builder) -> None:
    for outcome, decision in [
        ("responding", ""),
        ("responding", ""),
        ("not_responding", "continue"),
        ("not_responding", "refer"),
        ("not_responding", ""),
        ("insufficient_data", "end"),
    ]:
        clinic_a.course(
            clinic_a.patient({"neck_front_left": 4}), outcome=outcome, decision=decision
        )
    figures = querysets.reviews(Filters(clinic_a.clinic.pk))
    assert figures["reviewed"] == 6
    assert (figures["responding"], figures["not_responding"], figures["insufficient_data"]) == (
        2, 3, 1
    )  # fmt: skip
    assert figures["decision_continue"] == 1
    assert figures["decision_refer"] == 1
    assert figures["decision_end"] == 1
    assert figures["decision_awaiting"] == 1


def test_it_counts_sessions_per_course_and_relief(clinic_a: Builder) -> None:
    clinic_a.course(clinic_a.patient({"neck_front_left": 4}), held=2, relief_days=3)
    clinic_a.course(clinic_a.patient({"neck_front_left": 4}), held=4, relief_days=10)
    clinic_a.course(clinic_a.patient({"neck_front_left": 4}), held=0)
    filters = Filters(clinic_a.clinic.pk)
    patients, courses = querysets.sessions_per_course(filters)
    assert patients == {0: 1, 2: 1, 4: 1}
    assert courses == {0: 1, 2: 1, 4: 1}
    reported, bands, mean = querysets.relief(filters)
    assert reported == 2
    assert bands == {"under 4 days": 1, "4 to 7 days": 0, "8 to 14 days": 1, "over 14 days": 0}
    assert mean == pytest.approx(6.5)


def test_it_splits_soreness_at_36_hours(clinic_a: Builder) -> None:
    clinic_a.course(clinic_a.patient({"neck_front_left": 4}), soreness=[(24, 4), (40, 0)])
    clinic_a.course(clinic_a.patient({"neck_front_left": 4}), soreness=[(25, 2), (37, 6)])
    figures = querysets.soreness(Filters(clinic_a.clinic.pk))
    assert figures["early"] == {"patients": 2, "mean": pytest.approx(3.0), "none": 0, "above": 0}
    # 6 is at the pain before the session (6): not fading.
    assert figures["late"] == {"patients": 2, "mean": pytest.approx(3.0), "none": 1, "above": 1}


def test_it_counts_trigger_points_found_of_examined(clinic_a: Builder) -> None:
    for index in range(7):
        patient = clinic_a.patient({"low_back_left": 5})
        clinic_a.finding(
            patient, "quadratus_lumborum", "superficial",
            found=index < 5, tenderness=index % 4, referral=index < 2,
        )  # fmt: skip
    (row,) = querysets.trigger_points(Filters(clinic_a.clinic.pk))
    assert (row["examined_patients"], row["found_patients"], row["referral_patients"]) == (7, 5, 2)
    assert row["mean_tenderness"] == pytest.approx((0 + 1 + 2 + 3 + 0) / 5)


def test_it_counts_patients_by_how_their_courses_stand(clinic_a: Builder) -> None:
    clinic_a.course(clinic_a.patient({"neck_front_left": 4}), held=4)
    clinic_a.course(clinic_a.patient({"neck_front_left": 4}), held=1)
    figures = querysets.course_statuses(Filters(clinic_a.clinic.pk))
    assert figures == {"all": 2, "active": 1, "completed": 1, "referred": 0, "ended": 0}
