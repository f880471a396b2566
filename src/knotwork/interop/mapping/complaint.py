"""Condition: the complaint that brought the patient, one per pain type named at intake.

Knotwork records what the patient reports; it never diagnoses. The Condition is a problem-list
item coded with the SNOMED CT *finding* of section F.2 (pain, low back pain, neck pain,
headache), with the patient's own words and the therapist's history as notes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from knotwork.domain import anatomy
from knotwork.interop.bodysites import body_site
from knotwork.interop.codes import (
    COMPLAINT_CODES,
    CONDITION_CATEGORY,
    CONDITION_CLINICAL,
    LOW_BACK_BY_DURATION,
    coding,
    concept,
)
from knotwork.interop.links import Key
from knotwork.interop.mapping.context import ExportContext, Mapped, instant, notes

if TYPE_CHECKING:
    from knotwork.intake.models import Intake

DURATION_WORDS = {
    "acute": "less than 4 weeks",
    "subacute": "4 to 12 weeks",
    "chronic": "12 weeks or more",
}


def condition_key(ctx: ExportContext, pain_type: str) -> Key:
    return Key("Condition", f"patient/{ctx.patient.pk}/complaint/{pain_type}")


def latest_intake(ctx: ExportContext) -> Intake | None:
    return ctx.patient.intakes.filter(status="submitted").order_by("-finished_at", "-id").first()


def pain_types(ctx: ExportContext) -> list[str]:
    """The pain types of the latest intake, else of the courses; "other" when only the
    therapist's history says why the patient came."""
    intake = latest_intake(ctx)
    found: list[str] = []
    if intake is not None:
        found = list(intake.step_answers("where").get("pain_types") or [])
    if not found:
        found = [c.pain_type for c in ctx.patient.courses.all() if c.pain_type]
    if not found and ctx.patient.history.strip():
        found = ["other"]
    return [p for p in anatomy.PAIN_TYPES if p in found]


def complaint_references(ctx: ExportContext) -> list[dict[str, Any]]:
    """References to the patient's Conditions (the reason for each session and the plan)."""
    if "complaints" not in ctx.memo:
        ctx.memo["complaints"] = [condition_key(ctx, p) for p in pain_types(ctx)]
    return [ctx.ref(key) for key in ctx.memo["complaints"]]


def conditions(ctx: ExportContext) -> list[Mapped]:
    intake = latest_intake(ctx)
    answers = intake.answers if intake is not None else {}
    onset = answers.get("onset") or {}
    reason = (answers.get("reason") or {}).get("reason", "")
    regions = _baseline_regions(ctx, (answers.get("where") or {}).get("pain_map_id"))
    found = []
    for pain_type in pain_types(ctx):
        text, codings = COMPLAINT_CODES[pain_type]
        codings = list(codings)
        if pain_type == "low_back" and onset.get("duration") in LOW_BACK_BY_DURATION:
            codings.insert(0, LOW_BACK_BY_DURATION[onset["duration"]])
        body: dict[str, Any] = {
            "clinicalStatus": concept("Active", coding(CONDITION_CLINICAL, "active", "Active")),
            "category": [
                concept(
                    "Problem list item",
                    coding(CONDITION_CATEGORY, "problem-list-item", "Problem List Item"),
                )
            ],
            "code": concept(text, *codings),
            "subject": ctx.subject,
        }
        sites = [
            body_site(r).site_concept() for r in regions if anatomy.region(r).pain_type == pain_type
        ]
        if sites:
            body["bodySite"] = sites
        if onset.get("onset_date"):
            body["onsetDateTime"] = onset["onset_date"]
        elif onset.get("duration") in DURATION_WORDS:
            body["onsetString"] = f"For {DURATION_WORDS[onset['duration']]} at intake"
        if intake is not None and intake.finished_at:
            body["recordedDate"] = instant(intake.finished_at)
        annotations = notes(
            f"In the patient's words: {reason}" if reason.strip() else "",
            f"History (therapist): {ctx.patient.history}" if ctx.patient.history.strip() else "",
        )
        if annotations:
            body["note"] = annotations
        found.append(ctx.make(condition_key(ctx, pain_type), body))
    return found


def _baseline_regions(ctx: ExportContext, pain_map_id: int | None) -> list[str]:
    """The regions of the intake's pain map, or of the first map drawn."""
    maps = ctx.patient.pain_maps.all()
    chosen = maps.filter(pk=pain_map_id).first() if pain_map_id else None
    chosen = chosen or maps.order_by("drawn_at", "id").first()
    return [mark.region for mark in chosen.marks.all()] if chosen else []
