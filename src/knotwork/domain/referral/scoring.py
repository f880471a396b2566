"""Score how well each trigger point's referral pattern explains a pain map (see docs/finder.md).

The weights are design choices, documented with their reasons in docs/finder.md: reference B.1
suggests essential 1.0, spillover 0.4 and adjacent region 0.2 "(non-source)" and asks that a
pattern whose essential zone is unmarked be penalised; reference B.8.7 proposes scoring pain at
the trigger point's own site like spillover. The knowledge-base side of the work (zones, credits,
the region index) is prepared once per base in `patterns.py`; this module only reads the map.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from knotwork.domain.knowledge import KnowledgeBase
from knotwork.domain.knowledge.model import Confidence
from knotwork.domain.referral.patterns import (
    ADJACENT_WEIGHT,
    CONFIDENCE_WEIGHT,
    COVERAGE_EXPONENT,
    CREDIT,
    ESSENTIAL_WEIGHT,
    SITE_SPILLOVER_WEIGHT,
    SITE_WEIGHT,
    SPILLOVER_WEIGHT,
    TOGETHER,
    Entry,
    Reason,
    Way,
    prepared,
    site_regions,
)

__all__ = [
    "ADJACENT_WEIGHT",
    "CONFIDENCE_WEIGHT",
    "COVERAGE_EXPONENT",
    "CREDIT",
    "ESSENTIAL_WEIGHT",
    "HISTORY_WEIGHT",
    "SITE_SPILLOVER_WEIGHT",
    "SITE_WEIGHT",
    "SPILLOVER_WEIGHT",
    "Candidate",
    "Context",
    "Explained",
    "map_side",
    "score_all",
    "site_regions",
]

# The intake's answers are part of the presentation, like the drawn regions (docs/finder.md,
# "How the history counts"): each factor or feature the trigger point lists counts as this share
# of one painful region of the map, times how specific the answer is to a muscle (0-1,
# `patterns.specificity`). Reference B.1's suggested scoring gives each matched feature 0.5
# against 1.0 for an essential-zone hit. Answers never create a candidate.
HISTORY_WEIGHT = 0.5
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


# A painful region a candidate accounts for, and how: `zone` is `essential` or `spillover` (its
# referral zones), `site` (the trigger point lies there: local pain), `site_spillover` (both its
# site and in its spillover zone) or `adjacent` (next to its essential zone on the body map).
# Made once per region, zone and intensity when the base is prepared, and shared.
Explained = Reason


class Candidate(NamedTuple):
    """A trigger point to examine on one side, with its score and the reasons for it.

    Immutable. A named tuple rather than a frozen dataclass because a ranking builds one per
    touched pattern (130 for a 30-region map) and a frozen dataclass takes several times longer
    to build (benchmarks/finder.py).
    """

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
    # For ordering only: the knowledge base's order, and the laterality rules' flags.
    order: tuple[int, int, int] = (0, 0, 0)
    crosses_midline: bool = False
    both_sides: bool = False
    # For the cover: the intensity-weighted credit of the regions explained, times the fit.
    cover_gain: float = 0.0
    # For ordering only: the pattern fit with the intake's answers before the cap at 1 (orders
    # candidates shown at 1.000), and the reference's frequency statement that applies to this
    # drawing (-1 more common, +1 less common, 0 none; docs/finder.md, "Ties").
    uncapped: float = 0.0
    frequency: int = 0
    # The part of the row that stands for it (docs/finder.md, "Parts of a row"), if one does;
    # `TOGETHER` when its split reference row's trigger points together do.
    part: str | None = None
    # For ordering only: its best pattern fit by its own zones (row or parts), which picks the
    # trigger point that stands for a split row scored together.
    own: float = 0.0


def score_entry(
    entry: Entry, painful: dict[str, int], total: float, context: Context, alone: bool = False
) -> Candidate | None:
    """Score one trigger point on one side against the painful regions; None when it explains
    none of them. A row with per-part zones is scored as a whole and part by part; the way that
    fits the map best stands for it (docs/finder.md, "Parts of a row"). `alone`: leave out the
    way of its split reference row's whole zone (data/split_rows.yaml)."""
    best: tuple[float, float, Way, list[Explained], int, float] | None = None
    weight_of_confidence = entry.confidence_weight
    own = 0.0
    for way in entry.ways:
        if alone and way.part == TOGETHER:
            continue
        explains: list[Explained] = []
        credit = 0.0
        shown = 0
        for region_id, weight, counts, by_level in way.items:
            level = painful.get(region_id)
            if level:
                explains.append(by_level[level])
                credit += weight * level
                shown += counts
        if not explains:
            continue
        for region_id, by_level in way.adjacent:
            level = painful.get(region_id)
            if level:
                explains.append(by_level[level])
                credit += ADJACENT_WEIGHT * level
        # Coverage: the intensity-weighted share of the whole map this pattern explains.
        coverage = credit / total
        # Essential fit: how much of the pattern's own picture the map shows (the essential
        # zone and pain at the trigger point's own site count as shown), precomputed per count.
        base = coverage**COVERAGE_EXPONENT * way.fit_factors[shown] * weight_of_confidence
        if base > own and way.part != TOGETHER:
            own = base
        if best is None or base > best[0] or (base == best[0] and coverage > best[1]):
            best = (base, coverage, way, explains, shown, credit)
    if best is None:
        return None
    base, coverage, way, explains, shown, credit = best
    missing = tuple([r for r in way.essential if r not in painful])
    fit = way.fits[shown]
    # Most trigger points match none of a few answers: test with set operations before sorting.
    factors = context.factors & entry.factors if context.factors else None
    matched_factors = tuple(sorted(factors)) if factors else ()
    features = context.features
    matched_features = (
        tuple([f for f in entry.features if f in features])
        if features and not features.isdisjoint(entry.features)
        else ()
    )
    uncapped = base
    factor_boost = feature_boost = 0.0
    if matched_factors or matched_features:
        # Each matched answer explains HISTORY_WEIGHT x its specificity of one painful region;
        # the pattern fit is recomputed with that coverage (the way and its fit stay the ones
        # the drawing chose), and the gain is shared between factors and features in
        # proportion to their credit, so the shown parts add up to what was applied.
        history = entry.history
        factor_credit = sum([history[f] for f in matched_factors]) if matched_factors else 0.0
        feature_credit = sum([history[f] for f in matched_features]) if matched_features else 0.0
        credit_of_history = factor_credit + feature_credit
        if credit_of_history > 0:
            extra = HISTORY_WEIGHT * credit_of_history / len(painful)
            uncapped = (
                (coverage + extra) ** COVERAGE_EXPONENT
                * way.fit_factors[shown]
                * weight_of_confidence
            )
            gain = uncapped - base
            factor_boost = gain * factor_credit / credit_of_history
            feature_boost = gain - factor_boost
    pattern = entry.pattern
    boost = factor_boost + feature_boost
    frequency = entry.frequency
    if frequency and entry.frequency_regions and entry.frequency_regions.isdisjoint(painful):
        frequency = 0
    # Three decimals, half up (as `_thousandths`, written out: this runs for every candidate).
    rounded_base = int(base * 1000 + 0.5) / 1000
    rounded_fit = int(fit * 1000 + 0.5) / 1000
    return Candidate(
        pattern.muscle,
        pattern.trigger_point,
        pattern.side,
        _thousandths(min(1.0, base + boost)) if boost else rounded_base,
        rounded_base,
        int(coverage * 1000 + 0.5) / 1000,
        rounded_fit,
        entry.confidence,
        tuple(explains),
        missing,
        matched_factors,
        matched_features,
        _thousandths(factor_boost) if factor_boost else 0.0,
        _thousandths(feature_boost) if feature_boost else 0.0,
        entry.order,
        entry.crosses_midline,
        entry.both_sides,
        credit * rounded_fit,
        uncapped,
        frequency,
        way.part,
        own,
    )


def _thousandths(value: float) -> float:
    """Round a non-negative share to three decimals, half up (cheaper than `round`)."""
    return int(value * 1000 + 0.5) / 1000


def map_side(painful: dict[str, int], side_of: dict[str, str] | None = None) -> str | None:
    """`left` or `right` when every sided painful region is on that side, else None."""
    if side_of is None:
        from knotwork.domain import anatomy

        side_of = {region_id: region.side for region_id, region in anatomy.regions().items()}
    sides = {side_of[r] for r in painful} - {"midline"}
    return next(iter(sides)) if len(sides) == 1 else None


def _rank_key(
    c: Candidate,
) -> tuple[float, bool, float, float, float, int, tuple[int, int, int]]:
    # Equal shown scores break on the fit with the answers before the cap, then the fit of the
    # drawing alone, coverage, the reference's frequency statements, the knowledge base's order.
    return (
        -c.score,
        c.crosses_midline,
        -c.uncapped,
        -c.base_score,
        -c.coverage,
        c.frequency,
        c.order,
    )


def score_all(painful: dict[str, int], context: Context, kb: KnowledgeBase) -> list[Candidate]:
    """Every pattern that explains at least one painful region, best first (deterministic)."""
    total = float(sum(painful.values()))
    if total <= 0:
        return []
    ready = prepared(kb)
    # Only patterns whose zones or sites hold a painful region can score; the index finds them.
    touched: set[int] = set()
    for region_id in painful:
        touched.update(ready.by_region.get(region_id, ()))
    entries = ready.entries
    candidates = []
    rows: list[tuple[Candidate, int]] = []
    for index in touched:
        found = score_entry(entries[index], painful, total, context)
        if found is not None:
            if found.part == TOGETHER:
                rows.append((found, index))
            else:
                candidates.append(found)
    if rows:
        listed = _one_per_row([c for c, _ in rows], candidates)
        candidates += listed
        # A row not listed leaves its trigger points to their own zones.
        shown = {(c.muscle, c.side) for c in listed}
        for c, index in rows:
            if (c.muscle, c.side) not in shown:
                found = score_entry(entries[index], painful, total, context, alone=True)
                if found is not None:
                    candidates.append(found)
    one_side = map_side(painful, ready.side_of)
    candidates = _one_per_band(candidates, painful, one_side, ready.side_of)
    candidates.sort(key=_rank_key)
    return _same_side_first(candidates) if one_side else candidates


def _same_side_first(candidates: list[Candidate]) -> list[Candidate]:
    """On a one-sided map, a pattern whose essential zone crosses the midline (a band across
    both sides) never outranks a same-side pattern that explains some of the same pain with at
    least its essential fit: the drawing shows that the band's other half is pain-free."""
    crossing = [c for c in candidates if c.crosses_midline]
    if not crossing:
        return candidates
    ordered = [c for c in candidates if not c.crosses_midline]
    for band in crossing:
        regions = {e.region for e in band.explains}
        at = candidates.index(band)
        natural = at - sum(1 for c in candidates[:at] if c.crosses_midline)
        after = [
            i + 1
            for i, c in enumerate(ordered)
            if not c.crosses_midline
            and c.essential_fit >= band.essential_fit
            and regions & {e.region for e in c.explains}
        ]
        ordered.insert(max([natural, *after]), band)
    return ordered


def _one_per_row(rows: list[Candidate], others: list[Candidate]) -> list[Candidate]:
    """The candidates scored by a split reference row's whole zone (`rows`) to list: one per
    side, and only where the row fits the drawing better than each of its trigger points does
    alone (`others` are the candidates scored by their own zones; data/split_rows.yaml).

    Each of the row's trigger points can be scored by the row's whole zone, which gives them the
    same fit; the row is one examination of the muscle, so it stands under the trigger point
    whose own zones fit the drawing best (the first in the base's order when they fit alike).
    Where one trigger point's own zone fits better than the row, that trigger point is the
    better reason and the row is not listed.
    """
    muscles = {c.muscle for c in rows}
    alone: dict[tuple[str, str], float] = {}
    for c in (*rows, *(c for c in others if c.muscle in muscles)):
        key = (c.muscle, c.side)
        alone[key] = max(alone.get(key, 0.0), c.own)
    best: dict[tuple[str, str], Candidate] = {}
    for c in rows:
        key = (c.muscle, c.side)
        other = best.get(key)
        if other is None or (c.own, other.order) > (other.own, c.order):
            best[key] = c
    return [c for key, c in best.items() if c.base_score > _thousandths(alone[key])]


def _one_per_band(
    candidates: list[Candidate],
    painful: dict[str, int],
    one_side: str | None,
    side_of: dict[str, str],
) -> list[Candidate]:
    """A `both_sides` trigger point (rectus abdominis bands) is listed once: on the map's side.

    Its left and right patterns explain the same bands, so the drawing cannot tell the trigger
    point's side from them; the side with more pain decides (the one-sided map's own side).
    """
    if not any(c.both_sides for c in candidates):
        return candidates
    weight = {"left": 0, "right": 0}
    for region_id, level in painful.items():
        side = side_of[region_id]
        if side in weight:
            weight[side] += level
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
