"""The finder's JSON in plain words for pages, and the zones of a trigger point as an overlay.

Wording rule (clinical honesty): a candidate is a trigger point *to examine*; its score says how
well its referral pattern fits the drawing, never that it causes the pain.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from knotwork.domain import anatomy, knowledge
from knotwork.domain.bodymap.render import Overlay
from knotwork.domain.knowledge import Muscle, TriggerPoint
from knotwork.domain.knowledge.model import OPPOSITE_SIDE_SUFFIX, SAME_SIDE_SUFFIX

SIDE_RULE_WORDS = {
    "same_side": "Refers pain on its own side of the body.",
    "may_cross": "Refers mostly on its own side; part of the pattern can cross the midline.",
    "both_sides": "Its pattern can reach both sides of the body.",
    "midline": "Refers to the middle of the body, whichever side it sits on.",
}
CONFIDENCE_WORDS = {
    "high": "high: the pattern is in Travell & Simons and at least one independent source",
    "medium": "medium: from Travell & Simons with partial corroboration",
    "low": "low: recalled from Travell & Simons without corroboration",
}


def label(region_id: str) -> str:
    """The region's name as a person reads it, with the patient's side."""
    return anatomy.region(region_id).full_label


def labels(region_ids: Iterable[str]) -> list[str]:
    return [label(r) for r in region_ids]


def side_words(side: str) -> str:
    return "middle" if side == "midline" else f"{side} side"


def _short(muscle: Muscle) -> str:
    """ "Trapezius" for "Trapezius (upper, middle, lower fibres)": the name before any gloss."""
    return muscle.label.split(" (")[0].split(":")[0].split(",")[0]


def _lower_first(text: str) -> str:
    # "Upper fibres" reads "upper fibres" mid-sentence; "TrP1" and "McBurney's" keep capitals.
    first = text.split(" ", 1)[0]
    return text[0].lower() + text[1:] if first.istitle() else text


def tp_name(muscle: Muscle, tp: TriggerPoint) -> str:
    """A trigger point's name that says the muscle once: "Masseter, deep layer", "Gluteus
    medius trigger points" (not "Gluteus medius, gluteus medius trigger points")."""
    short, name = _short(muscle), tp.name
    if name.lower() in short.lower():
        return short
    # "Rhomboids" names the muscle "Rhomboid major and minor" well enough on its own.
    first, short_first = name.lower().split(" ")[0], short.lower().split(" ")[0]
    if (
        short.lower() in name.lower()
        or first.startswith(short_first)
        or short_first.startswith(first)
    ):
        return name
    return f"{short}, {_lower_first(name)}"


def resolve_sites(tp: TriggerPoint, side: str) -> tuple[str, ...]:
    """The regions where the trigger point sits, for a trigger point on `side`."""
    other = "right" if side == "left" else "left"
    found: list[str] = []
    for token in tp.sites:
        if token.endswith(SAME_SIDE_SUFFIX):
            region_id = f"{token[:-2]}_{side}"
        elif token.endswith(OPPOSITE_SIDE_SUFFIX):
            region_id = f"{token[:-2]}_{other}"
        else:
            region_id = token
        if anatomy.is_region(region_id) and region_id not in found:
            found.append(region_id)
    return tuple(found)


def overlay_for(muscle_id: str, trigger_point_id: str, side: str) -> Overlay:
    """Essential zones (solid), spillover zones (hatched) and sites of one trigger point."""
    kb = knowledge.load()
    muscle = kb.muscle(muscle_id)
    tp = muscle.trigger_point(trigger_point_id)
    pattern = tp.pattern(side)
    return Overlay.of(
        pattern.essential,
        pattern.spillover,
        resolve_sites(tp, side),
        f"{tp_name(muscle, tp)} ({side_words(side)})",
    )


@dataclass(frozen=True)
class CandidateView:
    """One candidate of the finder's JSON, with its reasons spelled out for a page."""

    rank: int
    muscle: str
    trigger_point: str
    side: str
    muscle_label: str
    name: str
    score: float
    base_score: float
    boost: float
    essential_explained: list[str]
    spillover_explained: list[str]
    unexplained_essential: list[str]
    factors: list[str]
    features: list[str]
    confidence: str
    uncertain: bool

    @property
    def key(self) -> str:
        return f"{self.muscle}/{self.trigger_point}/{self.side}"

    @property
    def title(self) -> str:
        return f"{self.name} ({side_words(self.side)})"


def candidate_views(result: dict[str, Any]) -> list[CandidateView]:
    """The candidates of `rank_json`'s answer, best first, with region and factor labels."""
    kb = knowledge.load()
    factor_labels = kb.factor_vocabulary()
    feature_labels = kb.feature_vocabulary()
    views = []
    for index, c in enumerate(result["candidates"], start=1):
        boosts = c["boosts"]
        views.append(
            CandidateView(
                rank=index,
                muscle=c["muscle"],
                trigger_point=c["trigger_point"],
                side=c["side"],
                muscle_label=c["muscle_label"],
                name=tp_name(
                    kb.muscle(c["muscle"]), kb.muscle(c["muscle"]).trigger_point(c["trigger_point"])
                ),
                score=c["score"],
                base_score=c["base_score"],
                boost=round(boosts["factors"] + boosts["features"], 3),
                essential_explained=[
                    label(e["region"]) for e in c["explains"] if e["zone"] == "essential"
                ],
                spillover_explained=[
                    label(e["region"]) for e in c["explains"] if e["zone"] == "spillover"
                ],
                unexplained_essential=labels(c["unexplained_essential"]),
                factors=[factor_labels.get(f, f) for f in c["factors"]],
                features=[feature_labels.get(f, f) for f in c["features"]],
                confidence=c["confidence"],
                uncertain=c["uncertain"],
            )
        )
    return views


@dataclass(frozen=True)
class CoverView:
    """One trigger point of the cover and the painful regions it adds to the explanation."""

    title: str
    key: str
    adds: list[str]


def cover_views(result: dict[str, Any]) -> list[CoverView]:
    kb = knowledge.load()
    views = []
    for item in result["cover"]:
        muscle = kb.muscle(item["muscle"])
        tp = muscle.trigger_point(item["trigger_point"])
        views.append(
            CoverView(
                title=f"{tp_name(muscle, tp)} ({side_words(item['side'])})",
                key=f"{item['muscle']}/{item['trigger_point']}/{item['side']}",
                adds=labels(e["region"] for e in item["adds"]),
            )
        )
    return views


def trigger_point_title(muscle_id: str, trigger_point_id: str, side: str) -> str:
    """ "Upper trapezius, central trigger points (left side)"; the raw ids if the base lost one."""
    try:
        muscle = knowledge.load().muscle(muscle_id)
        tp = muscle.trigger_point(trigger_point_id)
    except KeyError:
        return f"{muscle_id}/{trigger_point_id} ({side})"
    return f"{tp_name(muscle, tp)} ({side_words(side)})"
