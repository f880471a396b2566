"""Score how well each trigger point's referral pattern explains a pain map (see docs/finder.md).

The weights are design choices, not clinical facts: reference B.1 suggests essential 1.0 and
spillover 0.4 "(non-source)", and asks that a pattern whose essential zone is unmarked be
penalised; the rest is documented in docs/finder.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from math import sqrt

from knotwork.domain.knowledge import KnowledgeBase, Pattern
from knotwork.domain.knowledge.model import Confidence, ZoneKind

# Credit for a painful region inside an essential zone, and inside a spillover zone only
# (reference B.1, suggested scoring; spillover is felt by fewer patients, so it counts less).
ESSENTIAL_WEIGHT = 1.0
SPILLOVER_WEIGHT = 0.4
# Less certain rows of the reference count a little less, so that a pattern recalled without
# corroboration (confidence `low`, reference B.1) does not outrank an equally fitting, better
# documented one. Small on purpose: confidence describes the source, not the patient.
CONFIDENCE_WEIGHT: dict[Confidence, float] = {"high": 1.0, "medium": 0.95, "low": 0.9}
# Intake answers nudge the order among patterns that already fit; they never create a
# candidate. Each matched factor or feature adds this much, up to the cap.
FACTOR_BOOST = 0.03
FEATURE_BOOST = 0.03
MAX_BOOST = 0.09
MAX_INTENSITY = 10


@dataclass(frozen=True, slots=True)
class Context:
    """What the intake adds to the drawing: factor ids and feature ids of the vocabularies."""

    factors: frozenset[str] = frozenset()
    features: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        # Callers pass lists (JSON) or tuples (CLI); freeze them so the context is hashable.
        object.__setattr__(self, "factors", frozenset(self.factors))
        object.__setattr__(self, "features", frozenset(self.features))


@dataclass(frozen=True, slots=True)
class Explained:
    """A painful region a candidate's zones cover, and whether it is essential or spillover."""

    region: str
    zone: ZoneKind
    intensity: int


@dataclass(frozen=True, slots=True)
class Candidate:
    """A trigger point to examine on one side, with its score and the reasons for it."""

    muscle: str
    trigger_point: str
    side: str
    score: float
    base_score: float
    coverage: float
    essential_fit: float
    confidence: Confidence
    explains: tuple[Explained, ...]
    unexplained_essential: tuple[str, ...]
    factors: tuple[str, ...]
    features: tuple[str, ...]
    factor_boost: float
    feature_boost: float
    order: tuple[int, int, int] = field(compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class _Entry:
    """A pattern with everything scoring needs precomputed, in knowledge-base order."""

    pattern: Pattern
    confidence: Confidence
    confidence_weight: float
    factors: frozenset[str]
    features: tuple[str, ...]
    order: tuple[int, int, int]


# Precomputed entries per knowledge base (the bundled base is loaded once per process).
_ENTRIES: dict[int, tuple[KnowledgeBase, dict[tuple[str, str, str], _Entry]]] = {}


def _entries(kb: KnowledgeBase) -> dict[tuple[str, str, str], _Entry]:
    cached = _ENTRIES.get(id(kb))
    if cached is not None and cached[0] is kb:
        return cached[1]
    entries: dict[tuple[str, str, str], _Entry] = {}
    for muscle_index, muscle in enumerate(kb.muscles.values()):
        for tp_index, tp in enumerate(muscle.trigger_points):
            for pattern in tp.patterns:
                side_index = ("left", "right", "midline").index(pattern.side)
                entries[(muscle.id, tp.id, pattern.side)] = _Entry(
                    pattern,
                    tp.confidence,
                    CONFIDENCE_WEIGHT[tp.confidence],
                    tp.factors,
                    tp.features,
                    (muscle_index, tp_index, side_index),
                )
    _ENTRIES[id(kb)] = (kb, entries)
    return entries


def score_pattern(
    entry: _Entry, painful: dict[str, int], total_weight: float, context: Context
) -> Candidate | None:
    """Score one pattern against the painful regions; None when it explains none of them."""
    pattern = entry.pattern
    explains: list[Explained] = []
    credit = 0.0
    essential_hits = 0
    missing: list[str] = []
    for region_id in pattern.essential:
        intensity = painful.get(region_id)
        if intensity:
            explains.append(Explained(region_id, "essential", intensity))
            credit += ESSENTIAL_WEIGHT * intensity
            essential_hits += 1
        else:
            missing.append(region_id)
    for region_id in pattern.spillover:
        intensity = painful.get(region_id)
        if intensity:
            explains.append(Explained(region_id, "spillover", intensity))
            credit += SPILLOVER_WEIGHT * intensity
    if not explains:
        return None
    # Coverage: the intensity-weighted share of the whole map this pattern explains, so that a
    # pattern explaining one corner of a widespread map ranks below one covering most of it.
    coverage = credit / MAX_INTENSITY / total_weight
    # Essential fit: the share of the essential zone that hurts, smoothed by one so that a
    # one-region zone is not automatically perfect against a four-region zone that is 3/4 hit,
    # and a pattern whose essential zone is mostly pain-free is penalised.
    essential_fit = (essential_hits + 1) / (len(pattern.essential) + 1)
    base = sqrt(coverage * essential_fit) * entry.confidence_weight
    matched_factors = tuple(sorted(context.factors & entry.factors)) if context.factors else ()
    matched_features = tuple(f for f in entry.features if f in context.features)
    factor_boost = FACTOR_BOOST * len(matched_factors)
    feature_boost = FEATURE_BOOST * len(matched_features)
    if factor_boost + feature_boost > MAX_BOOST:
        # Share the capped boost in proportion, so the shown parts add up to what was applied.
        scale = MAX_BOOST / (factor_boost + feature_boost)
        factor_boost, feature_boost = factor_boost * scale, feature_boost * scale
    return Candidate(
        muscle=pattern.muscle,
        trigger_point=pattern.trigger_point,
        side=pattern.side,
        score=round(min(1.0, base + factor_boost + feature_boost), 3),
        base_score=round(base, 3),
        coverage=round(coverage, 3),
        essential_fit=round(essential_fit, 3),
        confidence=entry.confidence,
        explains=tuple(explains),
        unexplained_essential=tuple(missing),
        factors=matched_factors,
        features=matched_features,
        factor_boost=round(factor_boost, 3),
        feature_boost=round(feature_boost, 3),
        order=entry.order,
    )


def score_all(painful: dict[str, int], context: Context, kb: KnowledgeBase) -> list[Candidate]:
    """Every pattern that explains at least one painful region, best first (deterministic)."""
    total_weight = sum(painful.values()) / MAX_INTENSITY
    if total_weight <= 0:
        return []
    entries = _entries(kb)
    # Only patterns whose zones hold a painful region can score; the region index finds them.
    touched = {
        (hit.muscle, hit.trigger_point, hit.side)
        for region_id in painful
        for hit in kb.referring_to(region_id)
    }
    candidates = []
    for key in touched:
        found = score_pattern(entries[key], painful, total_weight, context)
        if found is not None:
            candidates.append(found)
    # Ties break on the unboosted fit, then coverage, then the knowledge base's own order,
    # so the same input always gives the same list.
    candidates.sort(key=lambda c: (-c.score, -c.base_score, -c.coverage, c.order))
    return candidates
