"""Treatment sessions: an Encounter per session, a Procedure for the trigger-point therapy held
in it, and the ratings taken there (pain before and after, soreness since the last session,
discomfort at each trigger point) and in the check-in afterwards, as Observations.

Pain ratings are the NPRS (LOINC 72514-3, F.1); soreness (E.2), discomfort under pressure (E.1)
and the pressure given have no code in the reference and use Knotwork's `observations` system.
When a rating was taken (before or after the session, at the check-in) is a category of
Knotwork's `observation-context` system.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from knotwork.interop.codes import (
    AMBULATORY,
    DATA_ABSENT,
    OBSERVATION_CONTEXT,
    OBSERVATIONS,
    PAIN_SEVERITY_0_10,
    PROCEDURE_CATEGORY,
    SURVEY,
    TRIGGER_POINT_THERAPY,
    TRIGGER_POINTS,
    UCUM,
    coding,
    concept,
)
from knotwork.interop.links import Key
from knotwork.interop.mapping.complaint import complaint_references
from knotwork.interop.mapping.context import ExportContext, Mapped, day, instant, notes

if TYPE_CHECKING:
    from knotwork.courses.models import CheckInReply, TreatedPoint, TreatmentSession

SORENESS = coding(OBSERVATIONS, "soreness", "Soreness since the last session (0-10)")
DISCOMFORT = coding(
    OBSERVATIONS, "trigger-point-discomfort", "Discomfort during sustained pressure (0-10)"
)
PRESSURE_GRADE = coding(OBSERVATIONS, "pressure-grade", "Pressure grade (1-5)")
ALGOMETER = coding(OBSERVATIONS, "algometer-pressure", "Pressure by algometer")
HOLD = coding(OBSERVATIONS, "hold-time", "Time the pressure was held")
REPETITIONS = coding(OBSERVATIONS, "repetitions", "Repetitions")
RELEASE = coding(OBSERVATIONS, "release-felt", "Release felt")
REFERRED = coding(OBSERVATIONS, "referred-pain-reproduced", "Referred pain reproduced")
BEFORE = coding(OBSERVATION_CONTEXT, "before-session", "Before the session")
AFTER = coding(OBSERVATION_CONTEXT, "after-session", "After the session")
CHECK_IN = coding(OBSERVATION_CONTEXT, "check-in", "Check-in after the session")
# UCUM codes of the algometer units of reference D.9.
ALGOMETER_UNITS = {"kg/cm2": "kg/cm2", "kPa": "kPa", "N/cm2": "N/cm2"}


def encounter_key(session: TreatmentSession) -> Key:
    return Key("Encounter", f"session/{session.pk}")


def procedure_key(session: TreatmentSession) -> Key:
    return Key("Procedure", f"session/{session.pk}")


def careplan_key(course_id: int) -> Key:
    return Key("CarePlan", f"course/{course_id}")


def trigger_point_site(muscle: str, trigger_point: str, side: str, label: str) -> dict[str, Any]:
    """A trigger point as a body site: no SNOMED CT code exists for one (F.2), so its words and
    Knotwork's `trigger-points` code `muscle.trigger_point[.side]` (ids of
    shared/spec/muscles.yaml and the muscle's data file)."""
    code = ".".join(part for part in (muscle, trigger_point, side) if part)
    return concept(label, coding(TRIGGER_POINTS, code))


def _sessions(ctx: ExportContext) -> list[TreatmentSession]:
    from knotwork.courses.models import TreatmentSession

    return list(
        TreatmentSession.objects.filter(course__patient=ctx.patient)
        .select_related("course__therapist", "signed_by", "recorded_by")
        .prefetch_related("points")
        .order_by("course__start_date", "course_id", "number")
    )


def _status(session: TreatmentSession) -> str:
    if session.status == "cancelled":
        return "cancelled"
    return "finished" if session.held_at else "planned"


def sessions(ctx: ExportContext) -> list[Mapped]:
    found: list[Mapped] = []
    for session in _sessions(ctx):
        if not (session.held_at or session.scheduled_for or session.status == "cancelled"):
            # Not booked yet: only the course's plan (CarePlan.activity) holds it.
            continue
        found.append(encounter(ctx, session))
        if session.held_at is not None:
            held = instant(session.held_at)
            found.append(procedure(ctx, session, held))
            found += ratings(ctx, session, held)
            found += [discomfort(ctx, session, point, held) for point in session.points.all()]
            found += check_in(ctx, session)
    return found


def encounter(ctx: ExportContext, session: TreatmentSession) -> Mapped:
    therapist = session.signed_by or session.recorded_by or session.course.therapist
    body: dict[str, Any] = {
        "status": _status(session),
        "class": AMBULATORY,
        "type": [concept(f"Session {session.number} of {session.course.sessions}")],
        "subject": ctx.subject,
        "participant": [{"individual": ctx.practitioner(therapist)}],
        "serviceProvider": ctx.organization,
    }
    if session.held_at:
        body["period"] = {"start": instant(session.held_at)}
    elif session.scheduled_for:
        body["period"] = {"start": day(session.scheduled_for)}
    reasons = complaint_references(ctx)
    if reasons:
        body["reasonReference"] = reasons
    return ctx.make(encounter_key(session), body)


def procedure(ctx: ExportContext, session: TreatmentSession, held: str) -> Mapped:
    therapist = session.signed_by or session.recorded_by or session.course.therapist
    points = list(session.points.all())
    body: dict[str, Any] = {
        "basedOn": [ctx.ref(careplan_key(session.course_id))],
        "status": "completed",
        "code": TRIGGER_POINT_THERAPY,
        "subject": ctx.subject,
        "encounter": ctx.ref(encounter_key(session)),
        "performedDateTime": held,
        "performer": [{"actor": ctx.practitioner(therapist)}],
    }
    reasons = complaint_references(ctx)
    if reasons:
        body["reasonReference"] = reasons
    if points:
        body["bodySite"] = [
            trigger_point_site(p.muscle, p.trigger_point, p.side, p.label) for p in points
        ]
    annotations = notes(
        f"Techniques: {session.techniques}" if session.techniques else "",
        f"Stretches: {session.stretches}" if session.stretches else "",
        f"Subjective: {session.subjective}" if session.subjective else "",
        f"Objective: {session.objective}" if session.objective else "",
        f"Assessment: {session.assessment}" if session.assessment else "",
        f"Plan: {session.plan}" if session.plan else "",
    )
    if annotations:
        body["note"] = annotations
    home_care = _muscle_names(session.home_care or [])
    if home_care:
        body["followUp"] = [concept(f"Home care: self-care of {', '.join(home_care)}")]
    return ctx.make(procedure_key(session), body)


def _muscle_names(muscle_ids: list[str]) -> list[str]:
    from knotwork.domain import knowledge

    base = knowledge.load()
    names = []
    for muscle_id in muscle_ids:
        try:
            names.append(base.muscle(muscle_id).name)
        except LookupError:
            names.append(muscle_id.replace("_", " "))
    return names


def _rating(
    ctx: ExportContext,
    key: Key,
    *,
    code: dict[str, Any],
    when: dict[str, Any],
    value: int,
    effective: str,
    encounter: Key | None,
    based_on: Key,
    performer: dict[str, Any],
) -> Mapped:
    body: dict[str, Any] = {
        "basedOn": [ctx.ref(based_on)],
        "status": "final",
        "category": [concept("Survey", SURVEY), concept(when["display"], when)],
        "code": code,
        "subject": ctx.subject,
        "effectiveDateTime": effective,
        "performer": [performer],
        "valueInteger": value,
    }
    if encounter is not None:
        body["encounter"] = ctx.ref(encounter)
    return ctx.make(key, body)


def ratings(ctx: ExportContext, session: TreatmentSession, held: str) -> list[Mapped]:
    """Pain before and after the session (NPRS) and soreness since the last one."""
    plan = careplan_key(session.course_id)
    rows = (
        (
            "pre-nprs",
            session.pre_nprs,
            BEFORE,
            "Pain before the session (0-10)",
            PAIN_SEVERITY_0_10,
        ),
        (
            "post-nprs",
            session.post_nprs,
            AFTER,
            "Pain after the session (0-10)",
            PAIN_SEVERITY_0_10,
        ),
        ("soreness", session.soreness_since_last, BEFORE, SORENESS["display"], SORENESS),
    )
    return [
        _rating(
            ctx,
            Key("Observation", f"session/{session.pk}/{name}"),
            code=concept(text, code),
            when=context,
            value=value,
            effective=held,
            encounter=encounter_key(session),
            based_on=plan,
            performer=ctx.subject,
        )
        for name, value, context, text, code in rows
        if value is not None
    ]


def check_in(ctx: ExportContext, session: TreatmentSession) -> list[Mapped]:
    """The patient's check-in answers after the session: soreness and pain now."""
    from knotwork.courses.models import CheckIn

    found: list[Mapped] = []
    check = CheckIn.objects.filter(session=session).first()
    if check is None:
        return found
    plan = careplan_key(session.course_id)
    reply: CheckInReply
    for reply in check.answers.all():
        when = instant(reply.answered_at)
        for name, value, text, code in (
            ("soreness", reply.soreness, SORENESS["display"], SORENESS),
            ("pain", reply.pain, "Pain now (0-10)", PAIN_SEVERITY_0_10),
        ):
            found.append(
                _rating(
                    ctx,
                    Key("Observation", f"check-in-reply/{reply.pk}/{name}"),
                    code=concept(text, code),
                    when=CHECK_IN,
                    value=value,
                    effective=when,
                    encounter=None,
                    based_on=plan,
                    performer=ctx.subject,
                )
            )
    return found


def discomfort(
    ctx: ExportContext, session: TreatmentSession, point: TreatedPoint, held: str
) -> Mapped:
    """One trigger point treated: the discomfort reported and the pressure given."""
    components: list[dict[str, Any]] = []
    if point.pressure_grade is not None:
        components.append(
            {
                "code": concept("Pressure grade", PRESSURE_GRADE),
                "valueInteger": point.pressure_grade,
            }
        )
    if point.algometer_value is not None and point.algometer_unit in ALGOMETER_UNITS:
        unit = ALGOMETER_UNITS[point.algometer_unit]
        components.append(
            {
                "code": concept("Pressure by algometer", ALGOMETER),
                "valueQuantity": {
                    "value": float(point.algometer_value),
                    "unit": unit,
                    "system": UCUM,
                    "code": unit,
                },
            }
        )
    if point.hold_seconds is not None:
        components.append(
            {
                "code": concept("Hold time", HOLD),
                "valueQuantity": {
                    "value": point.hold_seconds,
                    "unit": "s",
                    "system": UCUM,
                    "code": "s",
                },
            }
        )
    if point.repetitions is not None:
        components.append(
            {"code": concept("Repetitions", REPETITIONS), "valueInteger": point.repetitions}
        )
    components.append(
        {"code": concept("Release felt", RELEASE), "valueBoolean": point.release_felt}
    )
    components.append(
        {
            "code": concept("Referred pain reproduced", REFERRED),
            "valueBoolean": point.referred_pain_reproduced,
        }
    )
    body: dict[str, Any] = {
        "partOf": [ctx.ref(procedure_key(session))],
        "status": "final",
        "category": [concept("Procedure", PROCEDURE_CATEGORY)],
        "code": concept(DISCOMFORT["display"], DISCOMFORT),
        "subject": ctx.subject,
        "encounter": ctx.ref(encounter_key(session)),
        "effectiveDateTime": held,
        "bodySite": trigger_point_site(point.muscle, point.trigger_point, point.side, point.label),
        "component": components,
    }
    if point.discomfort is not None:
        body["valueInteger"] = point.discomfort
    else:
        body["dataAbsentReason"] = concept(
            "Not asked",
            coding(DATA_ABSENT, "not-asked", "Not Asked"),
        )
    return ctx.make(Key("Observation", f"treated-point/{point.pk}"), body)
