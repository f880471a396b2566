"""Muscle pages: browse and search the knowledge base by muscle or by where it hurts.

They hold no patient data, only the shipped reference facts, so any logged-in user may read
them (staff and patients alike); anonymous visitors are sent to the login page like everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from knotwork.common.requests import AuthenticatedRequest
from knotwork.domain import anatomy, knowledge
from knotwork.domain.bodymap.render import render_svg
from knotwork.domain.knowledge import Muscle, MuscleMatch, TriggerPoint
from knotwork.domain.knowledge.search import NAME_MATCH
from knotwork.finder.presenters import (
    CONFIDENCE_WORDS,
    SIDE_RULE_WORDS,
    _lower_first,
    label,
    labels,
    overlay_for,
    resolve_sites,
    resolve_tokens,
    side_words,
)

PICTURE_WIDTH = 460
# A symptom word can match many lines of one muscle's entry; a few say why it was found.
REASONS_SHOWN = 3


@dataclass(frozen=True)
class RegionHit:
    """A muscle found by the reverse lookup, with how its trigger points reach the region."""

    muscle: Muscle
    essential: list[str]
    spillover: list[str]


def _region_hits(region_id: str) -> list[RegionHit]:
    """Muscles whose zones include the region: essential referrers first, then spillover."""
    kb = knowledge.load()
    grouped: dict[str, tuple[list[str], list[str]]] = {}
    for hit in kb.referring_to(region_id):
        tp = kb.muscle(hit.muscle).trigger_point(hit.trigger_point)
        text = f"{_lower_first(tp.name)} ({side_words(hit.side)})"
        essential, spillover = grouped.setdefault(hit.muscle, ([], []))
        (essential if hit.kind == "essential" else spillover).append(text)
    hits = [RegionHit(kb.muscle(m), e, s) for m, (e, s) in grouped.items()]
    return sorted(hits, key=lambda h: not h.essential)


@dataclass(frozen=True)
class Found:
    """A muscle the search found, with why, in words (names, other names, symptoms, mimics)."""

    muscle: Muscle
    reasons: list[str]
    more: int


def _found(match: MuscleMatch) -> Found:
    muscle = knowledge.load().muscle(match.muscle)
    if match.rank == NAME_MATCH:
        return Found(muscle, ["matches its name"], 0)
    reasons = list(match.reasons)
    return Found(muscle, reasons[:REASONS_SHOWN], max(0, len(reasons) - REASONS_SHOWN))


def _region_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Regions for the "where does it hurt?" list, grouped by body area in atlas order."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for region in anatomy.regions().values():
        groups.setdefault(region.group.replace("_", " ").capitalize(), []).append(
            (region.id, region.full_label)
        )
    return list(groups.items())


@login_required
@require_GET
def muscle_list(request: AuthenticatedRequest) -> HttpResponse:
    kb = knowledge.load()
    query = request.GET.get("q", "").strip().lower()
    region_id = request.GET.get("region", "")
    if not anatomy.is_region(region_id):
        region_id = ""
    # Names, abbreviations ("QL", "SCM"), common names ("traps") and symptom words ("headache",
    # "tennis elbow") through the knowledge base's own features and mimics, best first.
    found = [_found(m) for m in knowledge.search(query)] if query else []
    # Typing a place ("temple") offers that region's reverse lookup as well as muscle names.
    matching_regions = (
        [r for r in anatomy.regions().values() if query in r.full_label.lower()][:8]
        if query and not region_id
        else []
    )
    context: dict[str, Any] = {
        "query": request.GET.get("q", "").strip(),
        "region_id": region_id,
        "region_label": label(region_id) if region_id else "",
        "region_hits": _region_hits(region_id) if region_id else [],
        "muscles": list(kb.muscles.values()),
        "found": found,
        "matching_regions": matching_regions,
        "region_choices": _region_choices(),
    }
    # htmx asks for the results only while the user types or picks a region.
    fragment = request.headers.get("HX-Request") and not request.headers.get(
        "HX-History-Restore-Request"
    )
    template = "finder/_muscle_results.html" if fragment else "finder/muscles.html"
    return render(request, template, context)


@dataclass(frozen=True)
class TriggerPointView:
    """One trigger point of a muscle page, with its zones as labels and as a picture."""

    tp: TriggerPoint
    side: str
    sites: list[str]
    essential: list[str]
    spillover: list[str]
    side_rule: str
    svg: str
    uncertain_zones: list[str]
    confidence: str
    source_numbers: list[tuple[int, str]]
    # Per-trigger-point essential zones the reference gives within the row (reference B.1).
    parts: list[tuple[str, list[str]]]


def _trigger_point_view(
    muscle: Muscle, tp: TriggerPoint, numbered: dict[str, tuple[int, str]]
) -> TriggerPointView:
    sides = [p.side for p in tp.patterns]
    # One picture per trigger point: the right side when it has sides (the left mirrors it).
    side = "right" if "right" in sides else sides[0]
    pattern = tp.pattern(side)
    overlay = overlay_for(muscle.id, tp.id, side)
    return TriggerPointView(
        tp=tp,
        side=side_words(side),
        sites=labels(resolve_sites(tp, side)),
        essential=labels(pattern.essential),
        spillover=labels(pattern.spillover),
        side_rule=SIDE_RULE_WORDS[tp.side_rule],
        # The section heading names the trigger point; the legend repeats it under the figures.
        svg=render_svg(None, overlay, width=PICTURE_WIDTH, show_values=False),
        # Zone tokens ("low_back_S") as the regions they are on the side pictured.
        uncertain_zones=labels(resolve_tokens(tp.uncertain_zones, side)),
        confidence=CONFIDENCE_WORDS[tp.confidence],
        source_numbers=[numbered[key] for key in tp.sources if key in numbered],
        parts=[(part.id, labels(part.essential)) for part in pattern.parts],
    )


def _shared(values: list[Any]) -> Any | None:
    """The value when every trigger point of the muscle has the same, else None."""
    return values[0] if all(v == values[0] for v in values) else None


@login_required
@require_GET
def muscle_detail(request: AuthenticatedRequest, muscle_id: str) -> HttpResponse:
    kb = knowledge.load()
    muscle = kb.muscles.get(muscle_id)
    if muscle is None:
        raise Http404("No such muscle in the knowledge base.")
    factor_labels = kb.factor_vocabulary()

    def notes(tp: TriggerPoint, which: str) -> list[tuple[str, list[str]]]:
        return [(n.text, [factor_labels[f] for f in n.factors]) for n in getattr(tp, which)]

    per_tp: list[dict[str, Any]] = [
        {
            "tp": tp,
            "symptoms": list(tp.features_text) + list(tp.other_symptoms),
            "activating": notes(tp, "activating"),
            "perpetuating": notes(tp, "perpetuating"),
            "mimics": list(tp.mimics),
        }
        for tp in muscle.trigger_points
    ]
    shared = {
        key: _shared([p[key] for p in per_tp])
        for key in ("symptoms", "activating", "perpetuating", "mimics")
    }
    # Sources are cited by number and listed by title at the foot of the page: people read
    # titles, never the reference's keys.
    sources = [kb.sources[key] for key in muscle.sources if key in kb.sources]
    numbered = {s.key: (n, s.title) for n, s in enumerate(sources, start=1)}
    context = {
        "muscle": muscle,
        "sections": [(_trigger_point_view(muscle, p["tp"], numbered), p) for p in per_tp],
        "shared": shared,
        "sources": [(numbered[s.key][0], s.title) for s in sources],
        "confidence": CONFIDENCE_WORDS[muscle.confidence],
        "confidences": {tp.confidence for tp in muscle.trigger_points},
        "confidence_words": CONFIDENCE_WORDS,
    }
    return render(request, "finder/muscle_detail.html", context)
