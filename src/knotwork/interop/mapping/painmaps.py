"""Pain maps: one BodyStructure per region the patient ever marked, and per drawing a panel
Observation whose members are the marks, each a 0-10 pain rating (LOINC 72514-3, section F.1)
at its body site (SNOMED CT from A.3, F.5)."""

from __future__ import annotations

from typing import Any

from knotwork.interop.bodysites import body_site
from knotwork.interop.codes import (
    BODY_SITE_EXTENSION,
    OBSERVATIONS,
    PAIN_SEVERITY_0_10,
    SURVEY,
    coding,
    concept,
)
from knotwork.interop.links import Key
from knotwork.interop.mapping.context import ExportContext, Mapped, instant, notes

PAIN_MAP = coding(OBSERVATIONS, "pain-map", "Pain map")
PAIN_QUALITY = coding(OBSERVATIONS, "pain-quality", "Quality of the pain")


def structure_key(ctx: ExportContext, region_id: str) -> Key:
    return Key("BodyStructure", f"patient/{ctx.patient.pk}/region/{region_id}")


def located(ctx: ExportContext, region_id: str) -> dict[str, Any]:
    """The `bodySite` of a region: its codes, pointing at the patient's BodyStructure."""
    site = body_site(region_id).site_concept()
    reference = ctx.ref(structure_key(ctx, region_id))
    return {"extension": [{"url": BODY_SITE_EXTENSION, "valueReference": reference}], **site}


def body_structures(ctx: ExportContext) -> list[Mapped]:
    from knotwork.painmaps.models import PainMark

    regions = (
        PainMark.objects.filter(pain_map__patient=ctx.patient)
        .values_list("region", flat=True)
        .distinct()
        .order_by("region")
    )
    found = []
    for region_id in regions:
        site = body_site(region_id)
        body: dict[str, Any] = {
            "active": True,
            "location": site.location_concept(),
            "description": site.label,
            "patient": ctx.subject,
        }
        if site.qualifiers:
            body["locationQualifier"] = site.qualifier_concepts()
        found.append(ctx.make(structure_key(ctx, region_id), body))
    return found


NO_PAIN_NOTE = "No pain anywhere: the patient's explicit answer that nothing hurt that day."


def pain_map_key(pain_map_id: int) -> Key:
    return Key("Observation", f"pain-map/{pain_map_id}")


def pain_maps(ctx: ExportContext) -> list[Mapped]:
    found = []
    maps = ctx.patient.pain_maps.order_by("drawn_at", "id").prefetch_related("marks")
    for record in maps:
        when = instant(record.drawn_at)
        members = []
        for mark in record.marks.all():
            key = Key("Observation", f"pain-map/{record.pk}/{mark.region}")
            body: dict[str, Any] = {
                "status": "final",
                "category": [concept("Survey", SURVEY)],
                "code": concept("Pain intensity 0-10 in this region", PAIN_SEVERITY_0_10),
                "subject": ctx.subject,
                "effectiveDateTime": when,
                "valueInteger": mark.intensity,
                "bodySite": located(ctx, mark.region),
            }
            if mark.quality:
                body["component"] = [
                    {"code": concept("Quality", PAIN_QUALITY), "valueString": mark.quality}
                ]
            found.append(ctx.make(key, body))
            members.append(ctx.ref(key))
        panel: dict[str, Any] = {
            "status": "final",
            "category": [concept("Survey", SURVEY)],
            "code": concept("Pain map", PAIN_MAP),
            "subject": ctx.subject,
            "effectiveDateTime": when,
            # A map with no member is either a day without pain (said) or nothing at all.
            "note": notes(NO_PAIN_NOTE if record.no_pain else "", record.note) or None,
        }
        if members:
            panel["hasMember"] = members
        performer = ctx.practitioner(record.drawn_by) if record.drawn_via == "clinic" else None
        panel["performer"] = [performer or ctx.subject]
        found.append(ctx.make(pain_map_key(record.pk), {k: v for k, v in panel.items() if v}))
    return found
