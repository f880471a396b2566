"""The knowledge base's patterns prepared for scoring once per base: zones, credits, an index.

Ranking a map must stay well under a millisecond for a 30-region map (`benchmarks/finder.py`),
so everything that depends only on the knowledge base is computed here, at first use, and
cached per base: for every trigger point on every side, the ways it can explain a map (its
whole row, and each part of a row whose reference entry gives per-part zones), each as a
tuple of (region, credit, zone) in the order reasons are shown; and an index from a region to
the patterns that reach it through a zone or a site. Scoring then touches only those patterns.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from knotwork.domain import anatomy
from knotwork.domain.knowledge import KnowledgeBase, Muscle, Pattern, TriggerPoint
from knotwork.domain.knowledge.model import Confidence
from knotwork.domain.referral.adjacency import neighbours

# Credit for a painful region by how the pattern reaches it (docs/finder.md, "How a pattern is
# scored"): reference B.1's suggested essential 1.0, spillover 0.4 and adjacent region 0.2, and
# reference B.8.7's proposal to score pain at the trigger point's own site like spillover.
ESSENTIAL_WEIGHT = 1.0
SPILLOVER_WEIGHT = 0.4
SITE_WEIGHT = 0.4
ADJACENT_WEIGHT = 0.2
# A region that is both the trigger point's site and in its spillover zone has two independent
# reasons to hurt; they combine as probabilities do: 1 - (1 - 0.4) * (1 - 0.4) = 0.64.
SITE_SPILLOVER_WEIGHT = 1 - (1 - SITE_WEIGHT) * (1 - SPILLOVER_WEIGHT)
CREDIT = {
    "essential": ESSENTIAL_WEIGHT,
    "spillover": SPILLOVER_WEIGHT,
    "site": SITE_WEIGHT,
    "site_spillover": SITE_SPILLOVER_WEIGHT,
    "adjacent": ADJACENT_WEIGHT,
}
# Zones whose painful region counts as part of the pattern's picture shown (essential fit).
SHOWN = frozenset({"essential", "site", "site_spillover"})
# Less certain rows of the reference count a little less, so that a pattern recalled without
# corroboration (confidence `low`, reference B.1) does not outrank an equally fitting, better
# documented one. Small on purpose: confidence describes the source, not the patient.
CONFIDENCE_WEIGHT: dict[Confidence, float] = {"high": 1.0, "medium": 0.95, "low": 0.9}
# How much more the map weighs than the pattern in the pattern fit: every painful region the
# pattern leaves unexplained counts twice as much as an unmarked region of its essential zone
# (docs/finder.md: a drawing usually shows part of a pattern; all of the drawn pain wants an
# explanation). Pattern fit = coverage^(2/3) x essential fit^(1/3) x confidence weight.
COVERAGE_EXPONENT = 2 / 3
FIT_EXPONENT = 1 / 3
SIDE_ORDER = ("left", "right", "midline")
# The part id of the way that scores a split reference row's trigger points together
# (data/split_rows.yaml; docs/finder.md, "Trigger points of one reference row").
TOGETHER = "together"
# Where the reference's frequency statements order equal patterns (docs/finder.md, "Ties").
FREQUENCY_ORDER = {"more_common": -1, "less_common": 1}


# Intensities a mark can have; a reason is made once per (region, zone, intensity) and shared.
LEVELS = range(0, 11)


@dataclass(frozen=True, slots=True)
class Reason:
    """A painful region a pattern accounts for, and how (see `scoring.Explained`).

    `credit` is the zone's credit and `weighted` the credit times the intensity: what the region
    adds to the pattern's coverage before it is divided by the map's total intensity.
    """

    region: str
    zone: str
    intensity: int
    credit: float = field(default=0.0, compare=False, repr=False)
    weighted: float = field(default=0.0, compare=False, repr=False)


_REASONS: dict[tuple[str, str], tuple[Reason, ...]] = {}


def reasons(region_id: str, zone: str) -> tuple[Reason, ...]:
    """The shared reasons for a region reached through `zone`, indexed by intensity 0-10."""
    found = _REASONS.get((region_id, zone))
    if found is None:
        credit = CREDIT[zone]
        found = _REASONS[(region_id, zone)] = tuple(
            Reason(region_id, zone, n, credit, credit * n) for n in LEVELS
        )
    return found


@dataclass(frozen=True, slots=True)
class Way:
    """One way a trigger point on a side explains pain: its whole row, or one part of it.

    `items` are (region, credit, counts toward the essential fit, reasons by intensity) in the
    order reasons are shown: essential zone, then spillover zone (or site and spillover), then
    sites only; `adjacent` are (region, reasons by intensity) next to the essential zone.
    """

    items: tuple[tuple[str, float, bool, tuple[Reason, ...]], ...]
    adjacent: tuple[tuple[str, tuple[Reason, ...]], ...]
    essential: tuple[str, ...]
    # The essential fit and its weight in the score for 0, 1, 2... regions shown (precomputed:
    # the fit only depends on how many of the way's essential regions and sites hurt).
    fits: tuple[float, ...]
    fit_factors: tuple[float, ...]
    # The part's id (reference B.1 `referral_by_trp`) when this way is one part of the row.
    part: str | None = None


@dataclass(frozen=True, slots=True)
class Entry:
    """A trigger point on one side with everything scoring needs, in knowledge-base order."""

    pattern: Pattern
    ways: tuple[Way, ...]
    confidence: Confidence
    confidence_weight: float
    factors: frozenset[str]
    features: tuple[str, ...]
    # Factor or feature id -> its specificity, for the ids this trigger point lists.
    history: dict[str, float]
    order: tuple[int, int, int]
    crosses_midline: bool
    both_sides: bool
    # The reference's frequency statement for the muscle (-1 more, +1 less common), and the
    # regions where it applies (empty: anywhere).
    frequency: int
    frequency_regions: frozenset[str]


@dataclass(frozen=True, slots=True)
class Prepared:
    """All entries of a base, and region id -> the indexes of the entries it can touch."""

    entries: tuple[Entry, ...]
    by_region: dict[str, tuple[int, ...]]
    side_of: dict[str, str]
    specificity: dict[str, float]


_PREPARED: dict[int, tuple[KnowledgeBase, Prepared]] = {}


def prepared(kb: KnowledgeBase) -> Prepared:
    """The prepared patterns of `kb`, computed on first use and cached for the base."""
    cached = _PREPARED.get(id(kb))
    if cached is not None and cached[0] is kb:
        return cached[1]
    atlas = anatomy.regions()
    near = neighbours()
    weights = specificity(kb)
    entries: list[Entry] = []
    for muscle_index, muscle in enumerate(kb.muscles.values()):
        statement = kb.frequency.get(muscle.id)
        row = kb.split_rows.get(muscle.id, ())
        for tp_index, tp in enumerate(muscle.trigger_points):
            history = {t: weights[t] for t in (*tp.factors, *tp.features)}
            for pattern in tp.patterns:
                entry = _entry(tp, pattern, (muscle_index, tp_index), atlas, near, history)
                if tp.id in row:
                    whole = _together(muscle, row, pattern.side, atlas, near)
                    entry = _with_ways(entry, (*entry.ways, whole))
                if statement is not None:
                    regions = frozenset(site_regions(statement.regions, pattern.side))
                    entry = _with_frequency(entry, FREQUENCY_ORDER[statement.level], regions)
                entries.append(entry)
    by_region: dict[str, list[int]] = {}
    for index, entry in enumerate(entries):
        reached = {item[0] for way in entry.ways for item in way.items}
        for region_id in reached:
            by_region.setdefault(region_id, []).append(index)
    result = Prepared(
        tuple(entries),
        {region_id: tuple(found) for region_id, found in by_region.items()},
        {region_id: region.side for region_id, region in atlas.items()},
        weights,
    )
    _PREPARED[id(kb)] = (kb, result)
    return result


def specificity(kb: KnowledgeBase) -> dict[str, float]:
    """Factor or feature id -> how specific it is to a muscle in this base, 0 to 1.

    ln(N / n) / ln(N), with N the muscles of the base and n the muscles whose trigger points
    list the id (inverse frequency, as in information retrieval): an answer only one muscle lists
    weighs 1, one that every muscle lists weighs 0 (it cannot tell the muscles apart).
    Ids no muscle lists are left out: they match nothing.
    """
    listing: Counter[str] = Counter()
    for muscle in kb.muscles.values():
        listing.update({t for tp in muscle.trigger_points for t in (*tp.factors, *tp.features)})
    total = len(kb.muscles)
    if total < 2:
        return dict.fromkeys(listing, 1.0)
    return {term: math.log(total / n) / math.log(total) for term, n in listing.items()}


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


def _entry(
    tp: TriggerPoint,
    pattern: Pattern,
    order: tuple[int, int],
    atlas: dict[str, anatomy.Region],
    near: dict[str, frozenset[str]],
    history: dict[str, float],
) -> Entry:
    sites = site_regions(tp.sites, pattern.side)
    ways = [_way(pattern.essential, pattern.spillover, sites, pattern.side, atlas, near)]
    ways += [
        _way(part.essential, part.spillover, sites, pattern.side, atlas, near, part.id)
        for part in pattern.parts
    ]
    sides = {atlas[r].side for r in pattern.essential} - {"midline"}
    return Entry(
        pattern=pattern,
        ways=tuple(ways),
        confidence=tp.confidence,
        confidence_weight=CONFIDENCE_WEIGHT[tp.confidence],
        factors=tp.factors,
        features=tp.features,
        history=history,
        order=(*order, SIDE_ORDER.index(pattern.side)),
        crosses_midline=len(sides) > 1,
        both_sides=tp.side_rule == "both_sides",
        frequency=0,
        frequency_regions=frozenset(),
    )


def _with_frequency(entry: Entry, level: int, regions: frozenset[str]) -> Entry:
    fields = {name: getattr(entry, name) for name in Entry.__dataclass_fields__}
    return Entry(**{**fields, "frequency": level, "frequency_regions": regions})


def _with_ways(entry: Entry, ways: tuple[Way, ...]) -> Entry:
    fields = {name: getattr(entry, name) for name in Entry.__dataclass_fields__}
    return Entry(**{**fields, "ways": ways})


def _together(
    muscle: Muscle,
    row: tuple[str, ...],
    side: str,
    atlas: dict[str, anatomy.Region],
    near: dict[str, frozenset[str]],
) -> Way:
    """The way of a split reference row's trigger points together on one side: the union of
    their essential zones (the row's own essential list), of their spillover zones outside it,
    and of their sites."""
    essential: list[str] = []
    spillover: list[str] = []
    sites: list[str] = []
    for tp in muscle.trigger_points:
        if tp.id not in row:
            continue
        pattern = tp.pattern(side)
        essential += [r for r in pattern.essential if r not in essential]
        spillover += [r for r in pattern.spillover if r not in spillover]
        sites += [r for r in site_regions(tp.sites, side) if r not in sites]
    spillover = [r for r in spillover if r not in essential]
    return _way(tuple(essential), tuple(spillover), sites, side, atlas, near, TOGETHER)


def _way(
    essential: tuple[str, ...],
    spillover: tuple[str, ...],
    sites: list[str],
    side: str,
    atlas: dict[str, anatomy.Region],
    near: dict[str, frozenset[str]],
    part: str | None = None,
) -> Way:
    zones: list[tuple[str, str]] = [(region_id, "essential") for region_id in essential]
    for region_id in spillover:
        if region_id not in essential:
            zones.append((region_id, "site_spillover" if region_id in sites else "spillover"))
    reached = {region_id for region_id, _ in zones}
    zones += [(region_id, "site") for region_id in sites if region_id not in reached]
    reached = {region_id for region_id, _ in zones}
    items = tuple(
        (region_id, CREDIT[zone], zone in SHOWN, reasons(region_id, zone))
        for region_id, zone in zones
    )
    # Neighbours of the essential zone on the pattern's own side (or the midline), so that an
    # adjacent hit never carries a pattern across the body.
    adjacent = sorted(
        {
            region_id
            for zone in essential
            for region_id in near.get(zone, ())
            if region_id not in reached and atlas[region_id].side in ("midline", side)
        }
    )
    # Essential fit = (regions shown + 1) / (essential regions + 1), at most 1 (docs/finder.md).
    fits = tuple(min(1.0, (shown + 1) / (len(essential) + 1)) for shown in range(len(items) + 1))
    return Way(
        items,
        tuple((region_id, reasons(region_id, "adjacent")) for region_id in adjacent),
        essential,
        fits,
        tuple(fit**FIT_EXPONENT for fit in fits),
        part,
    )
