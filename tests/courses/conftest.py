"""Helpers for course tests: a controlled clock, a cleared intake, baseline scores, screens."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client
from django.utils import timezone

from knotwork.domain import safety
from tests.conftest import Personas

if TYPE_CHECKING:
    from knotwork.accounts.models import User
    from knotwork.courses.models import Course, TreatmentSession


@dataclass
class Clock:
    """The time every service sees: `django.utils.timezone.now` is patched to read it."""

    now: datetime
    history: list[datetime] = field(default_factory=list)

    def advance(self, **delta: float) -> datetime:
        self.now = self.now + timedelta(**delta)
        return self.now

    def at(self, moment: datetime) -> datetime:
        self.now = moment
        return moment

    def today(self) -> date:
        return timezone.localdate(self.now)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    # A Monday at 09:00 UTC, far from any daylight-saving change.
    found = Clock(datetime(2031, 3, 3, 9, 0, tzinfo=UTC))
    monkeypatch.setattr(timezone, "now", lambda: found.now)
    return found


def at_ten(day: date) -> datetime:
    """10:00 local time on `day`: inside the default opening hours (Monday-Friday 08-18)."""
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def clear_intake(personas: Personas) -> None:
    """An intake red-flag screen with every question answered no: the course gate opens."""
    from knotwork.intake.services.safety import record_intake_screen

    record_intake_screen(
        actor=personas.patient_user,
        patient=personas.patient,
        answers={flag: False for flag in safety.red_flags()},
    )


def score(personas: Personas, instrument: str, answers: Sequence[int | None]) -> Any:
    """The patient answers an instrument through the intake app's services."""
    from knotwork.intake.services.instruments import assign_instrument, record_response

    assignment = assign_instrument(
        actor=personas.therapist_a, patient=personas.patient, instrument=instrument
    )
    return record_response(actor=personas.patient_user, assignment=assignment, answers=answers)


def odi_answers(total: int) -> list[int]:
    """Ten ODI items (0-5 each) summing to `total`, so the ODI percent is total * 2."""
    answers = []
    for _ in range(10):
        item = min(5, total)
        answers.append(item)
        total -= item
    return answers


def screen_today(personas: Personas, on: date, **yes: bool) -> None:
    """Today's pre-session screen, every question no except those given."""
    from knotwork.intake.services.safety import record_pre_session_screen

    record_pre_session_screen(
        actor=personas.therapist_a,
        patient=personas.patient,
        answers={q: yes.get(q, False) for q in safety.pre_session_questions()},
        on=on,
    )


def ready_patient(
    personas: Personas, *, nprs: int = 7, odi_total: int = 20, consent: bool = True
) -> None:
    """A low-back patient with a cleared intake, a pain map, a stress rating and a baseline,
    and (unless `consent=False`) a paper treatment consent on file."""
    from knotwork.courses.services import record_paper_consent
    from knotwork.painmaps.models import DrawnVia
    from knotwork.painmaps.services import record_pain_map

    record_pain_map(
        actor=personas.patient_user,
        patient=personas.patient,
        marks=[{"region": "low_back_right", "intensity": nprs}],
        via=DrawnVia.PATIENT,
    )
    clear_intake(personas)
    score(personas, "nprs", [nprs])
    score(personas, "odi", odi_answers(odi_total))
    score(personas, "stress", [6])
    if consent:
        record_paper_consent(
            actor=personas.therapist_a, patient=personas.patient, signed_on=timezone.localdate()
        )


@pytest.fixture
def started_course(personas: Personas, clock: Clock) -> Course:
    """A ready patient (NPRS 7, ODI 40 %) whose course starts an hour after the baseline
    questionnaires, on the same day."""
    from knotwork.courses.services import start_course

    ready_patient(personas, nprs=7, odi_total=20)
    clock.advance(hours=1)
    return start_course(
        actor=personas.therapist_a, patient=personas.patient, start_date=clock.today()
    )


POINT = {
    "muscle": "quadratus_lumborum",
    "trigger_point": "superficial",
    "side": "right",
    "chosen_from": "finder",
    "pressure_grade": 3,
    "hold_seconds": 60,
    "repetitions": 2,
    "discomfort": 6,
    "release_felt": True,
    "referred_pain_reproduced": True,
}


def hold(
    personas: Personas, course: Course, number: int, clock: Clock, *, pre: int, post: int
) -> TreatmentSession:
    """The therapist screens, records and signs session `number` now."""
    from knotwork.courses.services import record_session, sign_session

    session = course.treatment_sessions.get(number=number)
    screen_today(personas, clock.today())
    record_session(
        actor=personas.therapist_a,
        session=session,
        held_at=clock.now,
        fields={"pre_nprs": pre, "post_nprs": post, "subjective": "Better mornings."},
        points=[POINT],
    )
    return sign_session(actor=personas.therapist_a, session=session)
