"""The aggregate reads of clinic insight: counts of patients, computed by the database.

Every function here is a fixed number of aggregate queries (`annotate`/`values`/`Count` with
conditional filters, subqueries for each patient's first and latest map), whatever the number of
patients: nothing loops over patients in Python. Counts are of *distinct patients*, because the
small-cell rule (`suppression.py`) is about people, not rows.

Who is counted (the page says so in words):
- the cohort: the clinic's patients who marked pain on a map drawn in the period; with a
  therapist chosen, those assigned to that therapist; with a pain type chosen, those whose
  baseline map marks a region of that type;
- a patient's baseline map is their first map in the period that marks pain (a no-pain map is
  never a baseline, as on the patient pages); their latest map is the last map in the period,
  a no-pain map included (it then marks nothing, which is right for "the latest");
- a region counts as marked at intensity above 0 (0 is "checked, no pain"); its pain type is the
  atlas's `pain_type` (`domain.anatomy`), as in `domain.painmap.metrics.by_pain_type`;
- courses: the cohort's courses started in the period (with a therapist chosen, theirs);
  palpation findings and intake answers: the cohort's, findings examined in the period.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any, Literal

from django.db import connection
from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, TruncDate

from knotwork.courses.models import (
    CheckInReply,
    Course,
    CourseReview,
    CourseStatus,
    TreatmentSession,
)
from knotwork.domain import anatomy
from knotwork.domain.anatomy import PAIN_TYPES, PainType
from knotwork.domain.protocol import Decision, ReviewOutcome
from knotwork.finder.models import PalpationFinding
from knotwork.insight.expressions import DaysBetween, HoursBetween
from knotwork.insight.models import CourseEnd
from knotwork.intake.models import Intake, IntakeStatus
from knotwork.painmaps.models import PainMapRecord, PainMark
from knotwork.patients.models import Patient

MapKind = Literal["baseline_map", "latest_map"]
# Soreness "not fading" is judged from 36 h after the session (reference E.2: most soreness
# lasts 36 h or less; domain.protocol.soreness uses the same mark).
FADED_BY = timedelta(hours=36)


@dataclass(frozen=True, slots=True)
class Filters:
    """What the insight page is asked about: one clinic, and optionally a period (days,
    inclusive), a therapist (a user id of the clinic's staff) and a pain type."""

    clinic_id: int
    since: date | None = None
    until: date | None = None
    therapist_id: int | None = None
    pain_type: PainType | None = None

    def with_pain_type(self, pain_type: PainType | None) -> Filters:
        return Filters(self.clinic_id, self.since, self.until, self.therapist_id, pain_type)


@cache
def regions_of(pain_type: PainType) -> tuple[str, ...]:
    """The atlas's region ids of one pain type."""
    return tuple(r.id for r in anatomy.regions().values() if r.pain_type == pain_type)


def _in_period(rows: QuerySet[Any], field: str, filters: Filters) -> QuerySet[Any]:
    if filters.since is not None:
        rows = rows.filter(**{f"{field}__gte": filters.since})
    if filters.until is not None:
        rows = rows.filter(**{f"{field}__lte": filters.until})
    return rows


def cohort(filters: Filters) -> QuerySet[Patient]:
    """The patients counted, each annotated with `baseline_map` and `latest_map` (ids)."""
    maps = _in_period(
        PainMapRecord.objects.filter(patient=OuterRef("pk")), "drawn_at__date", filters
    )
    painful = maps.filter(Exists(PainMark.objects.filter(pain_map=OuterRef("pk"), intensity__gt=0)))
    patients = (
        Patient.objects.filter(clinic_id=filters.clinic_id)
        .annotate(
            baseline_map=Subquery(painful.order_by("drawn_at", "id").values("id")[:1]),
            latest_map=Subquery(maps.order_by("-drawn_at", "-id").values("id")[:1]),
        )
        .filter(baseline_map__isnull=False)
    )
    if filters.therapist_id is not None:
        patients = patients.filter(therapists=filters.therapist_id)
    if filters.pain_type is not None:
        patients = patients.filter(
            Exists(
                PainMark.objects.filter(
                    pain_map_id=OuterRef("baseline_map"),
                    intensity__gt=0,
                    region__in=regions_of(filters.pain_type),
                )
            )
        )
    return patients


def _painful_marks(filters: Filters, kind: MapKind) -> QuerySet[PainMark]:
    return PainMark.objects.filter(pain_map_id__in=cohort(filters).values(kind), intensity__gt=0)


def case_mix(filters: Filters) -> tuple[int, dict[PainType, int]]:
    """Patients in the cohort, and how many of them mark each pain type on their baseline map
    (a patient marking low back and neck counts in both, as in a prevalence survey)."""
    patients = Count("pain_map", distinct=True)
    row = _painful_marks(filters, "baseline_map").aggregate(
        total=patients,
        **{
            kind: Count("pain_map", distinct=True, filter=Q(region__in=regions_of(kind)))
            for kind in PAIN_TYPES
        },
    )
    return row["total"], {kind: row[kind] for kind in PAIN_TYPES}


def region_counts(filters: Filters, kind: MapKind) -> dict[str, int]:
    """Patients marking each region on their baseline (or latest) map."""
    # One mark per region per map (the `one_mark_per_region` constraint) and one map per patient
    # here, so a plain count is the number of patients: no DISTINCT to sort for.
    rows = _painful_marks(filters, kind).values("region").annotate(patients=Count("id")).order_by()
    return {row["region"]: row["patients"] for row in rows}


def courses(filters: Filters) -> QuerySet[Course]:
    rows = _in_period(
        Course.objects.filter(patient__in=cohort(filters).values("pk")), "start_date", filters
    )
    if filters.therapist_id is not None:
        rows = rows.filter(therapist_id=filters.therapist_id)
    return rows


def reviews(filters: Filters) -> dict[str, int]:
    """The review after session 2 (the course's `review_after`) as stored by the courses app
    (`courses.review`, the MCID rules of reference D.1 and E.3): patients by outcome and by the
    therapist's decision."""
    patient = "course__patient"

    def count(condition: Q) -> Count:
        return Count(patient, distinct=True, filter=condition)

    return (
        CourseReview.objects.filter(
            course__in=courses(filters), after_session=F("course__review_after")
        )
        .order_by()
        .aggregate(
            reviewed=Count(patient, distinct=True),
            **{outcome.value: count(Q(outcome=outcome.value)) for outcome in ReviewOutcome},
            **{
                f"decision_{decision.value}": count(Q(decision=decision.value))
                for decision in Decision
            },
            decision_awaiting=count(Q(decision_required=True, decision="")),
        )
    )


def course_statuses(filters: Filters) -> dict[str, int]:
    """Patients by how their courses stand: active, completed, referred on, ended early."""
    return (
        courses(filters)
        .order_by()
        .aggregate(
            all=Count("patient", distinct=True),
            **{
                status.value: Count("patient", distinct=True, filter=Q(status=status.value))
                for status in CourseStatus
            },
        )
    )


def end_results(filters: Filters) -> dict[str, int]:
    """Patients by the end-of-course result the insight sweep recorded for their closed
    courses (`models.CourseEnd`: the summary page's rule over every session held)."""
    patient = "course__patient"
    return (
        CourseEnd.objects.filter(course__in=courses(filters))
        .order_by()
        .aggregate(
            recorded=Count(patient, distinct=True),
            **{
                outcome.value: Count(patient, distinct=True, filter=Q(outcome=outcome.value))
                for outcome in ReviewOutcome
            },
        )
    )


def sessions_per_course(filters: Filters) -> tuple[dict[int, int], dict[int, int]]:
    """Held sessions per course: {sessions held: patients} and {sessions held: courses}."""
    held = (
        TreatmentSession.objects.filter(course=OuterRef("pk"), held_at__isnull=False)
        .order_by()
        .values("course")
        .annotate(held=Count("id"))
        .values("held")
    )
    rows = (
        courses(filters)
        .annotate(held=Coalesce(Subquery(held, output_field=IntegerField()), Value(0)))
        .values("held")
        .annotate(patients=Count("patient", distinct=True), courses=Count("id"))
        .order_by("held")
    )
    return (
        {row["held"]: row["patients"] for row in rows},
        {row["held"]: row["courses"] for row in rows},
    )


# Days of relief reported: from a held session to the day the patient said tightness returned.
RELIEF_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("under 4 days", 0, 4),
    ("4 to 7 days", 4, 8),
    ("8 to 14 days", 8, 15),
    ("over 14 days", 15, None),
)


def relief(filters: Filters) -> tuple[int, dict[str, int], float | None]:
    """Patients who reported when tightness returned, by band of days, and the mean days."""
    days = DaysBetween("tightness_returned_on", TruncDate("held_at"))
    sessions = TreatmentSession.objects.filter(
        course__in=courses(filters), held_at__isnull=False, tightness_returned_on__isnull=False
    ).annotate(relief=days)
    bands: dict[str, Any] = {}
    for index, (_, low, high) in enumerate(RELIEF_BANDS):
        band = Q(relief__gte=low)
        if high is not None:
            band &= Q(relief__lt=high)
        bands[f"band_{index}"] = Count("course__patient", distinct=True, filter=band)
    row = sessions.order_by().aggregate(
        patients=Count("course__patient", distinct=True), mean=Avg("relief"), **bands
    )
    return (
        row["patients"],
        {label: row[f"band_{index}"] for index, (label, _, _) in enumerate(RELIEF_BANDS)},
        row["mean"],
    )


def soreness(filters: Filters) -> dict[str, dict[str, Any]]:
    """Check-in answers after sessions, before 36 h ("about 24 h": the check-in asks at 24 h)
    and from 36 h: patients answering, mean soreness, none, and at or above the pain before
    the session (the reference's "not above pre-treatment pain", E.2)."""
    patient = "check_in__session__course__patient"
    hours = FADED_BY.total_seconds() / 3600
    when = {"early": Q(hours__lt=hours), "late": Q(hours__gte=hours)}
    answers = CheckInReply.objects.filter(check_in__session__course__in=courses(filters)).annotate(
        hours=HoursBetween("answered_at", "check_in__session_end")
    )
    figures: dict[str, Any] = {}
    for key, moment in when.items():
        figures[f"{key}_patients"] = Count(patient, distinct=True, filter=moment)
        figures[f"{key}_mean"] = Avg("soreness", filter=moment)
        figures[f"{key}_none"] = Count(patient, distinct=True, filter=moment & Q(soreness=0))
        figures[f"{key}_above"] = Count(
            patient,
            distinct=True,
            filter=moment & Q(soreness__gt=0, soreness__gte=F("check_in__pre_session_pain")),
        )
    row = answers.order_by().aggregate(**figures)
    return {
        key: {name: row[f"{key}_{name}"] for name in ("patients", "mean", "none", "above")}
        for key in when
    }


def trigger_points(filters: Filters) -> list[dict[str, Any]]:
    """Per trigger point (muscle, point): patients examined, found, found with referral
    reproduced, and the mean tenderness where found (0 none to 3 severe)."""
    rows = _in_period(
        PalpationFinding.objects.filter(patient__in=cohort(filters).values("pk")),
        "examined_at__date",
        filters,
    )
    found = Q(found=True)
    return list(
        rows.values("muscle", "trigger_point")
        .annotate(
            examined_patients=Count("patient", distinct=True),
            found_patients=Count("patient", distinct=True, filter=found),
            referral_patients=Count(
                "patient", distinct=True, filter=found & Q(referred_pain_reproduced=True)
            ),
            mean_tenderness=Avg("tenderness", filter=found),
        )
        .order_by("-found_patients", "-examined_patients", "muscle", "trigger_point")
    )


def causes(filters: Filters, factor_ids: Mapping[str, str]) -> tuple[int, dict[str, int]]:
    """Patients of the cohort with a submitted intake, and how many chose each factor in "How
    it started" (their latest submitted intake, as the finder reads it)."""
    latest = (
        Intake.objects.filter(patient=OuterRef("pk"), status=IntakeStatus.SUBMITTED)
        .order_by("-finished_at", "-id")
        .values("id")[:1]
    )
    intakes = Intake.objects.filter(
        pk__in=cohort(filters).annotate(intake_id=Subquery(latest)).values("intake_id")
    )

    # The factors are a JSON list of ids. PostgreSQL answers "the list holds this id" by JSON
    # containment; SQLite has no containment, so there the list's text is searched for the
    # quoted id (the quotes keep "posture" from matching "poor_posture"). One intake per
    # patient (their latest), so a plain count is the number of patients.
    def chose(fid: str) -> Q:
        if connection.vendor == "postgresql":
            return Q(answers__start__factors__contains=[fid])
        return Q(answers__start__factors__icontains=f'"{fid}"')

    row = intakes.order_by().aggregate(
        patients=Count("id"),
        **{key: Count("id", filter=chose(fid)) for key, fid in factor_ids.items()},
    )
    return row["patients"], {key: row[key] for key in factor_ids}
