"""Fixtures of the FHIR export tests: the schema validator, the demo clinic, a patient with
every kind of record, and fake generated documents."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.courses import conftest as course_fixtures
from tests.interop.validators import SchemaValidator

# The controlled clock of the course tests, for the course in `full_record`.
clock = course_fixtures.clock


@pytest.fixture(scope="session")
def fhir_schema() -> Iterator[SchemaValidator]:
    validator = SchemaValidator()
    yield validator
    validator.close()


@pytest.fixture
def demo_clinic(db: Any) -> Any:
    from knotwork.demo import seed_demo_clinic

    return seed_demo_clinic()


@dataclass
class FakeDocument:
    """A generated PDF as the reports app will list it (the interface of interop.documents)."""

    key: str
    kind: str
    title: str
    created_at: datetime
    author: Any
    data: bytes
    content_type: str = "application/pdf"

    @property
    def download_path(self) -> str:
        return f"/reports/{self.key}/pdf/"

    def content(self) -> bytes:
        return self.data

    @property
    def sha1(self) -> bytes:
        return hashlib.sha1(self.data).digest()


def fake_documents(author: Any) -> list[FakeDocument]:
    made = datetime(2031, 3, 10, 15, 30, tzinfo=UTC)
    return [
        FakeDocument(
            "report-1",
            "progress_report",
            "Progress report for Dr Lee",
            made,
            author,
            b"%PDF-1.7 progress report",
        ),
        FakeDocument(
            "handout-2", "home_care", "Home care after session 1", made, author, b"%PDF-1.7 care"
        ),
    ]


@pytest.fixture
def full_record(personas: Any, clock: Any) -> Any:
    """Clinic A's patient with one of every record the export maps: pain maps (a quality, a
    midline region, a region without a confirmed SNOMED CT code), questionnaires with
    subscales, percent and activities, a palpation finding, a course with a held and signed
    session (algometer reading, a point without a discomfort rating), its check-in answer, a
    booked session and a cancelled one."""
    from datetime import timedelta

    from knotwork.courses.checkins import answer_check_in
    from knotwork.courses.models import TreatmentSession
    from knotwork.courses.services import book_session, record_session, sign_session, start_course
    from knotwork.finder.services import record_palpation_finding
    from knotwork.intake.services.instruments import assign_instrument, record_response
    from knotwork.painmaps.models import DrawnVia
    from knotwork.painmaps.services import record_pain_map
    from tests.courses.conftest import POINT, ready_patient, score, screen_today

    ready_patient(personas)
    pain_map = record_pain_map(
        actor=personas.therapist_a,
        patient=personas.patient,
        marks=[
            {"region": "low_back_right", "intensity": 6, "quality": "burning"},
            {"region": "buttock_upper_right", "intensity": 4},
            {"region": "temple_left", "intensity": 3},
            {"region": "sacrum", "intensity": 2},
        ],
        via=DrawnVia.CLINIC,
        note="Worse after sitting.",
    )
    psfs = assign_instrument(
        actor=personas.therapist_a, patient=personas.patient, instrument="psfs"
    )
    record_response(
        actor=personas.patient_user,
        assignment=psfs,
        answers=[3, 5, None],
        activities=["Lifting boxes", "Sitting an hour", "Running"],
    )
    score(personas, "start_back", [1, 0, 1, 1, 0, 1, 1, 0, 3])
    score(personas, "ndi", [1, 2, 1, 0, 1, 2, 1, 0, 1, 2])
    record_palpation_finding(
        actor=personas.therapist_a,
        patient=personas.patient,
        pain_map=pain_map,
        finding={
            "muscle": "quadratus_lumborum",
            "trigger_point": "superficial",
            "side": "right",
            "found": True,
            "tenderness": 2,
            "twitch_response": True,
            "referred_pain_reproduced": True,
            "note": "Taut band.",
        },
    )
    course = start_course(
        actor=personas.therapist_a, patient=personas.patient, start_date=clock.today()
    )
    first = course.treatment_sessions.get(number=1)
    screen_today(personas, clock.today())
    record_session(
        actor=personas.therapist_a,
        session=first,
        held_at=clock.now,
        fields={
            "pre_nprs": 7,
            "post_nprs": 4,
            "techniques": "Ischaemic compression.",
            "subjective": "Better mornings.",
            "home_care": ["quadratus_lumborum"],
        },
        points=[
            {**POINT, "algometer_value": "3.50", "algometer_unit": "kg/cm2"},
            {**POINT, "muscle": "gluteus_medius", "trigger_point": "main", "discomfort": None},
        ],
    )
    sign_session(actor=personas.therapist_a, session=first)
    first.refresh_from_db()
    clock.advance(hours=26)
    answer_check_in(
        actor=personas.patient_user, check_in=first.check_in, soreness=3, pain=4, now=clock.now
    )
    second = course.treatment_sessions.get(number=2)
    book_session(
        actor=personas.therapist_a,
        session=second,
        starts_at=course_fixtures.at_ten(clock.today() + timedelta(days=7)),
    )
    TreatmentSession.objects.filter(course=course, number=3).update(
        status="cancelled", scheduled_for=clock.today() + timedelta(days=14)
    )
    return personas.patient
