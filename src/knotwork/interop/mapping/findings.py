"""Palpation findings: each examination of a trigger point as an exam Observation.

The reference gives no grading of its own for palpation (B.1): found or not, tenderness 0-3,
local twitch response and referred pain reproduced are the therapist's record, coded in
Knotwork's `observations` system.
"""

from __future__ import annotations

from typing import Any

from knotwork.interop.codes import EXAM, OBSERVATIONS, coding, concept
from knotwork.interop.links import Key
from knotwork.interop.mapping.context import ExportContext, Mapped, instant, notes
from knotwork.interop.mapping.painmaps import pain_map_key
from knotwork.interop.mapping.sessions import trigger_point_site

PALPATION = coding(OBSERVATIONS, "palpation-finding", "Trigger point found on palpation")
TENDERNESS = coding(OBSERVATIONS, "tenderness", "Tenderness (0 none to 3 severe)")
TWITCH = coding(OBSERVATIONS, "local-twitch-response", "Local twitch response")
REFERRED = coding(OBSERVATIONS, "referred-pain-reproduced", "Referred pain reproduced")


def findings(ctx: ExportContext) -> list[Mapped]:
    found = []
    rows = ctx.patient.palpation_findings.select_related("examined_by").order_by(
        "examined_at", "id"
    )
    for finding in rows:
        body: dict[str, Any] = {
            "status": "final",
            "category": [concept("Exam", EXAM)],
            "code": concept(PALPATION["display"], PALPATION),
            "subject": ctx.subject,
            "effectiveDateTime": instant(finding.examined_at),
            "valueBoolean": finding.found,
            "bodySite": trigger_point_site(
                finding.muscle, finding.trigger_point, finding.side, finding.title
            ),
            "component": [
                {
                    "code": concept("Tenderness", TENDERNESS),
                    "valueInteger": finding.tenderness,
                },
                {
                    "code": concept("Local twitch response", TWITCH),
                    "valueBoolean": finding.twitch_response,
                },
                {
                    "code": concept("Referred pain reproduced", REFERRED),
                    "valueBoolean": finding.referred_pain_reproduced,
                },
            ],
        }
        examiner = ctx.practitioner(finding.examined_by)
        if examiner is not None:
            body["performer"] = [examiner]
        if finding.pain_map_id:
            body["derivedFrom"] = [ctx.ref(pain_map_key(finding.pain_map_id))]
        if finding.note:
            body["note"] = notes(finding.note)
        found.append(ctx.make(Key("Observation", f"palpation-finding/{finding.pk}"), body))
    return found
