"""A small hand-built clinic for the insight tests: patients with pain maps, courses, reviews,
check-ins, palpation findings and intakes, written straight to the tables (the aggregates read
rows, not the services that write them)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from knotwork.accounts.models import User
from knotwork.clinics.models import Clinic
from knotwork.courses.models import (
    CheckIn,
    CheckInReply,
    Course,
    CourseReview,
    TreatmentSession,
)
from knotwork.finder.models import PalpationFinding
from knotwork.intake.models import Intake
from knotwork.painmaps.models import PainMapRecord, PainMark
from knotwork.patients.models import Patient

START = date(2026, 3, 2)


def moment(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


@dataclass
class Builder:
    clinic: Clinic
    therapist: User
    made: int = 0

    def patient(
        self,
        regions: Mapping[str, int],
        *,
        latest: Mapping[str, int] | None = None,
        drawn: date = START,
        therapist: User | None = None,
        factors: Sequence[str] = (),
    ) -> Patient:
        self.made += 1
        patient = Patient.objects.create(
            clinic=self.clinic, given_name=f"P{self.made}", family_name="Test"
        )
        patient.therapists.set([therapist or self.therapist])
        self.pain_map(patient, regions, moment(drawn))
        if latest is not None:
            self.pain_map(patient, latest, moment(drawn + timedelta(days=30)))
        if factors:
            Intake.objects.create(
                patient=patient,
                status="submitted",
                filled_via="clinic",
                answers={"start": {"started": "gradual", "factors": list(factors)}},
                finished_at=moment(drawn),
            )
        return patient

    def pain_map(self, patient: Patient, regions: Mapping[str, int], at: datetime) -> None:
        record = PainMapRecord.objects.create(
            patient=patient, drawn_via="clinic", no_pain=not regions
        )
        PainMapRecord.objects.filter(pk=record.pk).update(drawn_at=at)
        PainMark.objects.bulk_create(
            PainMark(pain_map=record, region=region, intensity=value)
            for region, value in regions.items()
        )

    def course(
        self,
        patient: Patient,
        *,
        outcome: str = "",
        decision: str = "",
        held: int = 2,
        relief_days: int | None = None,
        soreness: Sequence[tuple[int, int]] = (),
        start: date = START,
        therapist: User | None = None,
        baseline_nprs: float | None = None,
        pre_nprs: int = 6,
        closed: str = "",
    ) -> Course:
        """A course with `held` sessions; `soreness` is (hours after session 1, rating)."""
        course = Course.objects.create(
            patient=patient,
            therapist=therapist or self.therapist,
            start_date=start,
            status=closed or ("active" if held < 4 else "completed"),
            ended_at=moment(start + timedelta(days=40)) if closed or held >= 4 else None,
            baseline_nprs=baseline_nprs,
            sessions=4, weeks=6, review_after=2, min_gap_days=3,
            relief_shortest_days=4, relief_longest_days=14,
            ask_after_hours=24, remind_after_hours=36, close_after_hours=72,
            disability_instrument="psfs",
        )  # fmt: skip
        for number in range(1, held + 1):
            held_at = moment(start + timedelta(days=7 * (number - 1)))
            session = TreatmentSession.objects.create(
                course=course,
                number=number,
                held_at=held_at,
                status="signed",
                pre_nprs=pre_nprs,
                tightness_returned_on=(
                    held_at.date() + timedelta(days=relief_days)
                    if relief_days is not None and number == 1
                    else None
                ),
            )
            if number == 1 and soreness:
                end = held_at + timedelta(hours=1)
                check_in = CheckIn.objects.create(
                    session=session,
                    session_end=end,
                    ask_at=end + timedelta(hours=24),
                    remind_at=end + timedelta(hours=36),
                    closes_at=end + timedelta(hours=72),
                    pre_session_pain=6,
                    status="answered",
                )
                for hours, rating in soreness:
                    CheckInReply.objects.create(
                        check_in=check_in,
                        answered_at=end + timedelta(hours=hours),
                        soreness=rating,
                        pain=3,
                    )
        if outcome:
            CourseReview.objects.create(
                course=course,
                after_session=2,
                outcome=outcome,
                headline=outcome,
                decision_required=outcome != "responding",
                decision=decision,
            )
        return course

    def finding(
        self,
        patient: Patient,
        muscle: str,
        point: str,
        *,
        found: bool,
        tenderness: int = 2,
        referral: bool = False,
    ) -> None:
        PalpationFinding.objects.create(
            patient=patient,
            muscle=muscle,
            trigger_point=point,
            side="left",
            found=found,
            tenderness=tenderness,
            referred_pain_reproduced=referral,
            examined_by=self.therapist,
        )


@pytest.fixture
def clinic_a(personas) -> Builder:
    return Builder(personas.clinic_a, personas.therapist_a)


@pytest.fixture
def clinic_b(personas) -> Builder:
    return Builder(personas.clinic_b, personas.therapist_b)
