"""The finder's fast scorer gives exactly what the rules of docs/finder.md give, read plainly.

The scorer prepares the knowledge base once (zones, credits, a region index, shared reasons) so
that a 30-region map ranks in well under a millisecond. These tests score random maps a second
way, straight from the knowledge base and the written rules, and expect the same candidates.
"""

from __future__ import annotations

import math
import random

import pytest

from knotwork.domain import anatomy, knowledge
from knotwork.domain.knowledge import Pattern, TriggerPoint
from knotwork.domain.painmap import Mark, PainMap
from knotwork.domain.referral import Context, rank
from knotwork.domain.referral.adjacency import neighbours
from knotwork.domain.referral.scoring import site_regions

# The rules as docs/finder.md states them ("How a pattern is scored").
CREDIT = {"essential": 1.0, "spillover": 0.4, "site": 0.4, "adjacent": 0.2}
BOTH_SITE_AND_SPILLOVER = 1 - (1 - 0.4) * (1 - 0.4)
CONFIDENCE = {"high": 1.0, "medium": 0.95, "low": 0.9}
HISTORY = 0.5


def whole_row(tp: TriggerPoint, side: str) -> tuple[list[str], list[str], list[str]] | None:
    """A split reference row's zones and sites together (data/split_rows.yaml), or None."""
    kb = knowledge.load()
    row = kb.split_rows.get(tp.muscle, ())
    if tp.id not in row:
        return None
    essential: list[str] = []
    spillover: list[str] = []
    sites: list[str] = []
    for other in kb.muscle(tp.muscle).trigger_points:
        if other.id in row:
            pattern = other.pattern(side)
            essential += [r for r in pattern.essential if r not in essential]
            spillover += [r for r in pattern.spillover if r not in spillover]
            sites += [r for r in site_regions(other.sites, side) if r not in sites]
    return essential, [r for r in spillover if r not in essential], sites


def plain_score(
    tp: TriggerPoint,
    pattern: Pattern,
    painful: dict[str, int],
    context: Context,
    with_row: bool = True,
) -> tuple[float, float, float, list[tuple[str, str]], list[str], bool, float, float] | None:
    """(score, coverage, essential fit, explains, unexplained essential, scored by the whole
    row, best fit by its own zones, fit shown) by the written rules."""
    own_sites = site_regions(tp.sites, pattern.side)
    atlas = anatomy.regions()
    total = sum(painful.values())
    ways = [(pattern.essential, pattern.spillover, own_sites, False)]
    ways += [(part.essential, part.spillover, own_sites, False) for part in pattern.parts]
    row = whole_row(tp, pattern.side) if with_row else None
    if row is not None:
        ways.append((tuple(row[0]), tuple(row[1]), row[2], True))
    best = None
    own = 0.0
    for essential, spillover, sites, together in ways:
        explains: list[tuple[str, str]] = []
        credit = 0.0
        shown = 0
        for region in essential:
            if painful.get(region):
                explains.append((region, "essential"))
                credit += painful[region]
                shown += 1
        for region in spillover:
            if region in essential or not painful.get(region):
                continue
            if region in sites:
                explains.append((region, "site_spillover"))
                credit += BOTH_SITE_AND_SPILLOVER * painful[region]
                shown += 1
            else:
                explains.append((region, "spillover"))
                credit += CREDIT["spillover"] * painful[region]
        for region in sites:
            if region in essential or region in spillover or not painful.get(region):
                continue
            explains.append((region, "site"))
            credit += CREDIT["site"] * painful[region]
            shown += 1
        if not explains:
            continue
        reached = set(essential) | set(spillover) | set(sites)
        next_to = sorted(
            {
                region
                for zone in essential
                for region in neighbours().get(zone, ())
                if region not in reached and atlas[region].side in ("midline", pattern.side)
            }
        )
        for region in next_to:
            if painful.get(region):
                explains.append((region, "adjacent"))
                credit += CREDIT["adjacent"] * painful[region]
        coverage = credit / total
        fit = min(1.0, (shown + 1) / (len(essential) + 1))
        base = coverage ** (2 / 3) * fit ** (1 / 3) * CONFIDENCE[tp.confidence]
        if not together:
            own = max(own, base)
        if best is None or (base, coverage) > (best[0], best[1]):
            missing = [r for r in essential if not painful.get(r)]
            best = (base, coverage, fit, explains, missing, together)
    if best is None:
        return None
    base, coverage, fit, explains, missing, together = best
    # The history: each answer the trigger point lists explains half a painful region, times
    # its specificity ln(N/n) / ln(N) over the N muscles of the base (n of them list it).
    matched = (context.factors & tp.factors) | (context.features & set(tp.features))
    extra = HISTORY * sum(specificity(term) for term in matched) / len(painful)
    score = (coverage + extra) ** (2 / 3) * fit ** (1 / 3) * CONFIDENCE[tp.confidence]
    return min(1.0, score), coverage, fit, explains, missing, together, own, half_up(base)


def half_up(value: float) -> float:
    """Three decimals, half up, as every shown number."""
    return int(value * 1000 + 0.5) / 1000


def specificity(term: str) -> float:
    kb = knowledge.load()
    listing = sum(
        any(term in tp.factors or term in tp.features for tp in muscle.trigger_points)
        for muscle in kb.muscles.values()
    )
    return math.log(len(kb.muscles) / listing) / math.log(len(kb.muscles))


def random_maps(count: int) -> list[tuple[PainMap, Context]]:
    chooser = random.Random(15)
    regions = sorted(anatomy.regions())
    kb = knowledge.load()
    maps = []
    for index in range(count):
        size = 1 + index % 30
        picked = chooser.sample(regions, size)
        marks = tuple(Mark(region, chooser.randint(1, 10)) for region in picked)
        factors = frozenset(chooser.sample(sorted(kb.factors), index % 3))
        features = frozenset(chooser.sample(sorted(kb.features), index % 4))
        maps.append((PainMap(marks), Context(factors, features)))
    return maps


@pytest.mark.parametrize(("pain_map", "context"), random_maps(40))
def test_it_scores_every_candidate_as_the_written_rules_do(
    pain_map: PainMap, context: Context
) -> None:
    kb = knowledge.load()
    painful = pain_map.painful
    got = {(c.muscle, c.trigger_point, c.side): c for c in rank(pain_map, context).candidates}
    expected = {}
    for tp in kb.trigger_points():
        for pattern in tp.patterns:
            found = plain_score(tp, pattern, painful, context)
            if found is not None:
                expected[(tp.muscle, tp.id, pattern.side)] = found
    # A split row scored whole is listed once per side, under the trigger point whose own zones
    # fit best (the first in the base's order on a tie), and only where it fits better than
    # each of its trigger points alone.
    rows: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    alone: dict[tuple[str, str], float] = {}
    for key, found in expected.items():
        alone[(key[0], key[2])] = max(alone.get((key[0], key[2]), 0.0), found[6])
        if found[5]:
            rows.setdefault((key[0], key[2]), []).append(key)
    for row, keys in rows.items():
        keep = max(keys, key=lambda k: expected[k][6])
        listed = expected[keep][7] > half_up(alone[row])
        for key in keys:
            if listed and key != keep:
                del expected[key]
            elif not listed:
                # A row not listed leaves its trigger points to their own zones.
                tp = kb.muscle(key[0]).trigger_point(key[1])
                found = plain_score(tp, tp.pattern(key[2]), painful, context, with_row=False)
                if found is None:
                    del expected[key]
                else:
                    expected[key] = found
    # A band across both sides is listed once, on the map's side (docs/finder.md, laterality).
    bands = {
        key for key in expected if kb.muscle(key[0]).trigger_point(key[1]).side_rule == "both_sides"
    }
    assert set(got) - bands <= set(expected)
    assert set(expected) - bands <= set(got)
    for key, candidate in got.items():
        score, coverage, fit, explains, missing, _, _, _ = expected[key]
        assert candidate.score == pytest.approx(score, abs=0.0011), key
        assert candidate.coverage == pytest.approx(coverage, abs=0.0011), key
        assert candidate.essential_fit == pytest.approx(fit, abs=0.0011), key
        assert [(e.region, e.zone) for e in candidate.explains] == explains, key
        assert list(candidate.unexplained_essential) == missing, key


def test_it_counts_a_painful_site_that_is_also_in_the_spillover_zone_for_both() -> None:
    # Quadratus lumborum's deep trigger points lie in the low back, and the low back is in their
    # spillover zone (reference B.8.7): both reasons to hurt combine, 1 - 0.6 x 0.6 = 0.64.
    ranking = rank(PainMap((Mark("low_back_right", 10),)))
    deep = next(
        c
        for c in ranking.candidates
        if (c.muscle, c.trigger_point) == ("quadratus_lumborum", "deep")
    )
    assert deep.coverage == pytest.approx(0.64)
    assert [(e.region, e.zone) for e in deep.explains] == [("low_back_right", "site_spillover")]


def test_it_gives_the_same_ranking_for_the_same_map_however_often_it_is_asked() -> None:
    pain_map, context = random_maps(30)[-1]
    first = rank(pain_map, context)
    for _ in range(3):
        assert rank(pain_map, context) == first
