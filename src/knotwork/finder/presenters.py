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
from knotwork.domain.knowledge import Muscle, TriggerPoint, trigger_points
from knotwork.domain.knowledge.model import Confidence
from knotwork.domain.referral.patterns import TOGETHER, prepared
from knotwork.domain.referral.scoring import CONFIDENCE_WEIGHT, CREDIT
from knotwork.domain.referral.ties import find_ties

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


def resolve_tokens(tokens: Iterable[str], side: str) -> tuple[str, ...]:
    """Zone tokens (`low_back_S`, `forehead_O`, `sacrum`) as region ids for a trigger point on
    `side`; tokens that name no region on that side are left out."""
    return tuple(r for r in trigger_points.resolve_tokens(tokens, side) if anatomy.is_region(r))


def resolve_sites(tp: TriggerPoint, side: str) -> tuple[str, ...]:
    """The regions where the trigger point sits, for a trigger point on `side`."""
    return resolve_tokens(tp.sites, side)


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


# How a painful region is reached, in words, first to last as the reasons are listed; the credit
# beside each comes from the domain's rule (docs/finder.md, "How a pattern is scored").
ZONE_WORDS: dict[str, str] = {
    "essential": "In its essential zone",
    "spillover": "In its spillover zone",
    "site_spillover": "Where the trigger point lies, also in its spillover zone",
    "site": "Where the trigger point lies (local pain)",
    "adjacent": "Next to its essential zone",
}


def credit_words(zone: str) -> str:
    """ "counted in full" or "counted at 0.4": how much of the region's pain the zone explains."""
    credit = CREDIT[zone]
    return "counted in full" if credit == 1 else f"counted at {credit:g}"


@dataclass(frozen=True)
class ReasonLine:
    """The painful regions a candidate reaches one way (one zone kind), with its credit."""

    zone: str
    words: str
    regions: list[str]
    counted: str


@dataclass(frozen=True)
class CandidateView:
    """One candidate of the finder's JSON, with its reasons spelled out for a page.

    Every number shown is the JSON's (coverage, essential fit, pattern fit, boosts) and every
    credit the domain's, so a reader can recompute the score with the rule of the scoring page.
    """

    rank: int
    muscle: str
    trigger_point: str
    side: str
    muscle_label: str
    name: str
    score: float
    base_score: float
    coverage: float
    essential_fit: float
    boost: float
    reasons: list[ReasonLine]
    unexplained_essential: list[str]
    part: str
    factors: list[str]
    features: list[str]
    # The matched intake answers with their specificity (docs/finder.md, "How the history
    # counts"): how much each tells this muscle apart from the others, 0-1.
    answers: list[tuple[str, float]]
    confidence: Confidence
    uncertain: bool
    # When the drawing cannot tell this candidate from others: the finder's note saying so and
    # what ordered them (`referral.find_ties`), and the places of the others.
    tie_note: str = ""
    tied_with: tuple[int, ...] = ()
    # When the clinic learns from its findings and has some for similar maps: what they say
    # ("confirmed in 12 of 15 examinations at this clinic for similar maps") and the score the
    # base ranking gave before them (`referral.learning`).
    learned_reason: str = ""
    prior_score: float | None = None
    prior_weight: float = 0.0

    @property
    def key(self) -> str:
        return f"{self.muscle}/{self.trigger_point}/{self.side}"

    @property
    def title(self) -> str:
        return f"{self.name} ({side_words(self.side)})"

    @property
    def coverage_percent(self) -> int:
        return round(self.coverage * 100)

    @property
    def confidence_weight(self) -> float:
        return CONFIDENCE_WEIGHT[self.confidence]


def _reason_lines(explains: list[dict[str, Any]]) -> list[ReasonLine]:
    grouped: dict[str, list[str]] = {}
    for e in explains:
        grouped.setdefault(e["zone"], []).append(f"{label(e['region'])} ({e['intensity']}/10)")
    return [
        ReasonLine(zone, words, grouped[zone], credit_words(zone))
        for zone, words in ZONE_WORDS.items()
        if zone in grouped
    ]


def part_words(muscle: Muscle, tp: TriggerPoint, part: str | None, side: str) -> str:
    """ "its upper trigger points, whose own essential zone is Iliac crest (right)" or ""."""
    if not part:
        return ""
    if part == TOGETHER:
        # A split reference row scored whole (data/split_rows.yaml): name its trigger points.
        row = [
            t.name[0].lower() + t.name[1:]
            for t in muscle.trigger_points
            if t.id in knowledge.load().split_rows.get(muscle.id, ())
        ]
        return f"its trigger points together ({' and '.join(row)})"
    found = next((p for p in tp.pattern(side).parts if p.id == part), None)
    zone = ", ".join(labels(found.essential)) if found else ""
    return f"its {part} trigger points" + (f", whose own essential zone is {zone}" if zone else "")


def candidate_views(result: dict[str, Any]) -> list[CandidateView]:
    """The candidates of `rank_json`'s answer, best first, with region and factor labels."""
    kb = knowledge.load()
    factor_labels = kb.factor_vocabulary()
    feature_labels = kb.feature_vocabulary()
    specificity = prepared(kb).specificity
    ties = {p: tie for tie in find_ties(result["candidates"], kb) for p in tie.positions}
    views = []
    for index, c in enumerate(result["candidates"], start=1):
        tie = ties.get(index - 1)
        learned = c.get("learned")
        boosts = c["boosts"]
        muscle = kb.muscle(c["muscle"])
        tp = muscle.trigger_point(c["trigger_point"])
        views.append(
            CandidateView(
                rank=index,
                muscle=c["muscle"],
                trigger_point=c["trigger_point"],
                side=c["side"],
                muscle_label=c["muscle_label"],
                name=tp_name(muscle, tp),
                score=c["score"],
                base_score=c["base_score"],
                coverage=c["coverage"],
                essential_fit=c["essential_fit"],
                boost=round(boosts["factors"] + boosts["features"], 3),
                reasons=_reason_lines(c["explains"]),
                unexplained_essential=labels(c["unexplained_essential"]),
                part=part_words(muscle, tp, c.get("part"), c["side"]),
                factors=[factor_labels.get(f, f) for f in c["factors"]],
                features=[feature_labels.get(f, f) for f in c["features"]],
                answers=[(factor_labels.get(f, f), specificity.get(f, 0.0)) for f in c["factors"]]
                + [(feature_labels.get(f, f), specificity.get(f, 0.0)) for f in c["features"]],
                confidence=c["confidence"],
                uncertain=c["uncertain"],
                tie_note=tie.note if tie else "",
                tied_with=tuple(p + 1 for p in tie.positions if p != index - 1) if tie else (),
                learned_reason=learned["reason"] if learned else "",
                prior_score=learned["prior_score"] if learned else None,
                prior_weight=learned["prior_weight"] if learned else 0.0,
            )
        )
    return views


@dataclass(frozen=True)
class CoverView:
    """One trigger point of the cover and the painful regions it adds to the explanation."""

    title: str
    key: str
    adds: list[str]


@dataclass(frozen=True)
class Cover:
    """The cover of a map: its picks, and whether together they explain every painful region."""

    items: list[CoverView]
    painful: int
    explained: int
    unexplained: list[str]

    @property
    def whole(self) -> bool:
        return not self.unexplained


def cover_view(result: dict[str, Any], painful: Iterable[str]) -> Cover:
    """The cover of `rank_json`'s answer: each pick with only the regions it adds (the domain
    adds only regions no earlier pick explains), and the painful regions none explains."""
    kb = knowledge.load()
    items = []
    explained: set[str] = set()
    for item in result["cover"]:
        muscle = kb.muscle(item["muscle"])
        tp = muscle.trigger_point(item["trigger_point"])
        adds = [e for e in item["adds"] if e["region"] not in explained]
        explained.update(e["region"] for e in adds)
        items.append(
            CoverView(
                title=f"{tp_name(muscle, tp)} ({side_words(item['side'])})",
                key=f"{item['muscle']}/{item['trigger_point']}/{item['side']}",
                # A region next to the zone is the weakest reach: said, so "explains" stays true.
                adds=[
                    label(e["region"])
                    + (" (next to its essential zone)" if e["zone"] == "adjacent" else "")
                    for e in adds
                ],
            )
        )
    painful_ids = list(painful)
    missing = [r for r in painful_ids if r not in explained]
    return Cover(items, len(painful_ids), len(painful_ids) - len(missing), labels(missing))


def trigger_point_title(muscle_id: str, trigger_point_id: str, side: str) -> str:
    """ "Upper trapezius, central trigger points (left side)"; the raw ids if the base lost one."""
    try:
        muscle = knowledge.load().muscle(muscle_id)
        tp = muscle.trigger_point(trigger_point_id)
    except KeyError:
        return f"{muscle_id}/{trigger_point_id} ({side})"
    return f"{tp_name(muscle, tp)} ({side_words(side)})"
