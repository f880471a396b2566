"""Score how well each trigger point's referral pattern explains a pain map (see docs/finder.md).

The weights are design choices, documented with their reasons in docs/finder.md: reference B.1
suggests essential 1.0, spillover 0.4 and adjacent region 0.2 "(non-source)" and asks that a
pattern whose essential zone is unmarked be penalised; reference B.8.7 proposes scoring pain at
the trigger point's own site like spillover.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from math import sqrt

from knotwork.domain import anatomy
from knotwork.domain.knowledge import KnowledgeBase, Pattern
from knotwork.domain.knowledge.model import Confidence
from knotwork.domain.referral.adjacency import neighbours

# Credit for a painful region by how the pattern reaches it (reference B.1's suggested scoring;
# the site weight follows B.8.7's proposal to score local pain like spillover). Each painful
# region counts once, at the best credit the pattern gives it.
ESSENTIAL_WEIGHT = 1.0
SPILLOVER_WEIGHT = 0.4
SITE_WEIGHT = 0.7
ADJACENT_WEIGHT = 0.2
CREDIT = {
    "essential": ESSENTIAL_WEIGHT,
    "spillover": SPILLOVER_WEIGHT,
    "site": SITE_WEIGHT,
    "adjacent": ADJACENT_WEIGHT,
}
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
    """A painful region a candidate accounts for, and how: `zone` is `essential` or `spillover`
    (its referral zones), `site` (the trigger point lies there: local pain) or `adjacent` (next to
    its essential zone on the body map)."""

    region: str
    zone: str
    intensity: int

    @property
    def credit(self) -> float:
        return CREDIT[self.zone]


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
    crosses_midline: bool = field(default=False, compare=False, repr=False)
    both_sides: bool = field(default=False, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class _Entry:
    """A pattern with everything scoring needs precomputed, in knowledge-base order."""

    pattern: Pattern
    sites: frozenset[str]
    site_only: tuple[str, ...]  # sites outside both zones, in site order
    adjacent: tuple[str, ...]
    confidence: Confidence
    confidence_weight: float
    factors: frozenset[str]
    features: tuple[str, ...]
    order: tuple[int, int, int]
    crosses_midline: bool
    both_sides: bool


# Precomputed entries per knowledge base (the bundled base is loaded once per process).
_ENTRIES: dict[int, tuple[KnowledgeBase, dict[tuple[str, str, str], _Entry]]] = {}


def _entries(kb: KnowledgeBase) -> dict[tuple[str, str, str], _Entry]:
    cached = _ENTRIES.get(id(kb))
    if cached is not None and cached[0] is kb:
        return cached[1]
    near = neighbours()
    atlas = anatomy.regions()
    entries: dict[tuple[str, str, str], _Entry] = {}
    for muscle_index, muscle in enumerate(kb.muscles.values()):
        for tp_index, tp in enumerate(muscle.trigger_points):
            for pattern in tp.patterns:
                side_index = ("left", "right", "midline").index(pattern.side)
                sites = frozenset(site_regions(tp.sites, pattern.side))
                zones = set(pattern.essential) | set(pattern.spillover) | sites
                # Neighbours of the essential zone on the pattern's own side (or the midline),
                # so that an adjacent hit never carries a pattern across the body.
                adjacent = tuple(
                    sorted(
                        {
                            region_id
                            for zone in pattern.essential
                            for region_id in near.get(zone, ())
                            if region_id not in zones
                            and atlas[region_id].side in ("midline", pattern.side)
                        }
                    )
                )
                in_zones = set(pattern.essential) | set(pattern.spillover)
                site_only = tuple(
                    r for r in site_regions(tp.sites, pattern.side) if r not in in_zones
                )
                sides = {atlas[r].side for r in pattern.essential} - {"midline"}
                entries[(muscle.id, tp.id, pattern.side)] = _Entry(
                    pattern,
                    sites,
                    site_only,
                    adjacent,
                    tp.confidence,
                    CONFIDENCE_WEIGHT[tp.confidence],
                    tp.factors,
                    tp.features,
                    (muscle_index, tp_index, side_index),
                    len(sides) > 1,
                    tp.side_rule == "both_sides",
                )
    _ENTRIES[id(kb)] = (kb, entries)
    return entries


def site_regions(tokens: tuple[str, ...], side: str) -> list[str]:
    """The trigger point's own site tokens as region ids for a trigger point on `side`."""
    out: list[str] = []
    for token in tokens:
        if token.endswith(("_S", "_O")):
            if side == "midline":
                continue
            other = "right" if side == "left" else "left"
            region_id = f"{token[:-2]}_{side if token.endswith('_S') else other}"
        else:
            region_id = token
        if region_id not in out:
            out.append(region_id)
    return out


def score_pattern(
    entry: _Entry, painful: dict[str, int], total_weight: float, context: Context
) -> Candidate | None:
    """Score one pattern against the painful regions; None when it explains none of them."""
    pattern = entry.pattern
    sites = entry.sites
    explains: list[Explained] = []
    missing: list[str] = []
    credit = 0.0
    essential_hits = site_hits = 0
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
            # Pain in a spillover region that is also the trigger point's own site counts once,
            # at the better of the two credits.
            if region_id in sites:
                site_hits += 1
                explains.append(Explained(region_id, "site", intensity))
                credit += SITE_WEIGHT * intensity
            else:
                explains.append(Explained(region_id, "spillover", intensity))
                credit += SPILLOVER_WEIGHT * intensity
    for region_id in entry.site_only:
        intensity = painful.get(region_id)
        if intensity:
            site_hits += 1
            explains.append(Explained(region_id, "site", intensity))
            credit += SITE_WEIGHT * intensity
    if not explains:
        return None
    for region_id in entry.adjacent:
        intensity = painful.get(region_id)
        if intensity:
            explains.append(Explained(region_id, "adjacent", intensity))
            credit += ADJACENT_WEIGHT * intensity
    # Coverage: the intensity-weighted share of the whole map this pattern explains, so that a
    # pattern explaining one corner of a widespread map ranks below one covering most of it.
    coverage = credit / MAX_INTENSITY / total_weight
    # Essential fit: how much of the pattern's own picture the map shows. The essential zone
    # (felt by nearly every patient) and pain at the trigger point's own site both count as
    # shown; only unmarked essential regions count against it, smoothed by one so that a
    # one-region zone is not automatically perfect, and never above 1.
    essential_fit = min(1.0, (essential_hits + site_hits + 1) / (len(pattern.essential) + 1))
    base = sqrt(coverage * essential_fit) * entry.confidence_weight
    matched_factors = tuple(sorted(context.factors & entry.factors)) if context.factors else ()
    matched_features = (
        tuple(f for f in entry.features if f in context.features) if context.features else ()
    )
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
        crosses_midline=entry.crosses_midline,
        both_sides=entry.both_sides,
    )


def map_side(painful: dict[str, int]) -> str | None:
    """`left` or `right` when every sided painful region is on that side, else None."""
    atlas = anatomy.regions()
    sides = {atlas[r].side for r in painful} - {"midline"}
    return next(iter(sides)) if len(sides) == 1 else None


def score_all(painful: dict[str, int], context: Context, kb: KnowledgeBase) -> list[Candidate]:
    """Every pattern that explains at least one painful region, best first (deterministic)."""
    total_weight = sum(painful.values()) / MAX_INTENSITY
    if total_weight <= 0:
        return []
    entries = _entries(kb)
    # Only patterns whose zones or sites hold a painful region can score; the index finds them.
    touched = {
        (hit.muscle, hit.trigger_point, hit.side)
        for region_id in painful
        for hit in kb.referring_to(region_id)
    }
    touched |= {key for region_id in painful for key in _site_index(kb).get(region_id, ())}
    candidates = []
    for key in touched:
        found = score_pattern(entries[key], painful, total_weight, context)
        if found is not None:
            candidates.append(found)
    one_side = map_side(painful)
    candidates = _one_per_band(candidates, painful, one_side)
    # Ties break on the unboosted fit, then coverage, then the knowledge base's own order.
    candidates.sort(
        key=lambda c: (-c.score, c.crosses_midline, -c.base_score, -c.coverage, c.order)
    )
    return _same_side_first(candidates) if one_side else candidates


def _same_side_first(candidates: list[Candidate]) -> list[Candidate]:
    """On a one-sided map, a pattern whose essential zone crosses the midline (a band across
    both sides) never outranks a same-side pattern that explains some of the same pain with at
    least its essential fit: the drawing shows that the band's other half is pain-free."""
    ordered = [c for c in candidates if not c.crosses_midline]
    for crossing in (c for c in candidates if c.crosses_midline):
        regions = {e.region for e in crossing.explains}
        natural = candidates.index(crossing) - sum(
            1 for c in candidates[: candidates.index(crossing)] if c.crosses_midline
        )
        after = [
            i + 1
            for i, c in enumerate(ordered)
            if not c.crosses_midline
            and c.essential_fit >= crossing.essential_fit
            and regions & {e.region for e in c.explains}
        ]
        ordered.insert(max([natural, *after]), crossing)
    return ordered


def _one_per_band(
    candidates: list[Candidate], painful: dict[str, int], one_side: str | None
) -> list[Candidate]:
    """A `both_sides` trigger point (rectus abdominis bands) is listed once: on the map's side.

    Its left and right patterns explain the same bands, so the drawing cannot tell the trigger
    point's side from them; the side with more pain decides (the one-sided map's own side).
    """
    atlas = anatomy.regions()
    weight = {"left": 0, "right": 0}
    for region_id, level in painful.items():
        if atlas[region_id].side in weight:
            weight[atlas[region_id].side] += level
    preferred = one_side or ("left" if weight["left"] > weight["right"] else "right")
    best: dict[tuple[str, str], Candidate] = {}
    kept: list[Candidate] = []
    for c in candidates:
        if not c.both_sides:
            kept.append(c)
            continue
        key = (c.muscle, c.trigger_point)
        other = best.get(key)
        if other is None or (c.score, c.side == preferred) > (other.score, other.side == preferred):
            best[key] = c
    return kept + list(best.values())


_SITES: dict[int, tuple[KnowledgeBase, dict[str, tuple[tuple[str, str, str], ...]]]] = {}


def _site_index(kb: KnowledgeBase) -> dict[str, tuple[tuple[str, str, str], ...]]:
    """Region id -> the patterns whose trigger point lies there (pain at the site counts)."""
    cached = _SITES.get(id(kb))
    if cached is not None and cached[0] is kb:
        return cached[1]
    index: dict[str, list[tuple[str, str, str]]] = {}
    for key, entry in _entries(kb).items():
        for region_id in entry.sites:
            index.setdefault(region_id, []).append(key)
    result = {region_id: tuple(keys) for region_id, keys in index.items()}
    _SITES[id(kb)] = (kb, result)
    return result
