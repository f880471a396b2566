"""Measure the finder against published cases: clinical vignettes and pain-area muscle lists.

A development set is a YAML file (see `evaluation/development-set.yaml`):

- `vignettes`: a pain map (`marks`: region id -> intensity 0-10), optional intake `factors` and
  `features`, and `primary`: the muscle id the source says to examine first (a list of ids when
  the source names a group, e.g. "the wrist extensors": any of them counts).
- `lists`: a published "muscles that refer pain to X" guide: `area` (region id -> intensity),
  `muscles` in the source's order (an entry may be a list of ids for a group the source names as
  one), and `ordered: true` when the source ranks them from most to least likely.

Muscles the knowledge base does not hold may be named (e.g. `quadratus_plantae`): they count as
misses, so the figures say what the finder really finds. Every case names its `source`.

Metrics (all on *distinct muscles* in the finder's order, since a therapist examines muscles,
counted in the case's own units: the muscles a case names as one entry - "the quadriceps", "the
wrist extensors" - take one place in the finder's order, at the first of them, because the source
sends the therapist to that group once; every other muscle keeps its own place):
- vignettes: top-1 and top-3 (the primary muscle first, or among the first three);
- lists: recall@k = share of the list's entries among the finder's first k places, with the
  denominator capped at k (a list of 8 muscles cannot be fully recalled by 5 places);
  "first in top 3" for ordered lists; Spearman's rank correlation between the source's order
  and the finder's order of the listed muscles, for ordered lists of at least three entries
  (a listed muscle the finder does not rank at all shares the last place).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from knotwork.domain import anatomy, knowledge
from knotwork.domain.knowledge import KnowledgeBase
from knotwork.domain.painmap import Mark, PainMap
from knotwork.domain.referral.ranking import rank
from knotwork.domain.referral.scoring import Context

MIN_SPEARMAN_ENTRIES = 3


class EvaluationSetError(ValueError):
    """The evaluation file is invalid; the message names the case and the field."""


@dataclass(frozen=True)
class Vignette:
    id: str
    source: str
    marks: Mapping[str, int]
    primary: tuple[str, ...]
    factors: tuple[str, ...] = ()
    features: tuple[str, ...] = ()


@dataclass(frozen=True)
class MuscleList:
    id: str
    source: str
    area: Mapping[str, int]
    muscles: tuple[tuple[str, ...], ...]
    ordered: bool


@dataclass(frozen=True)
class EvaluationSet:
    vignettes: tuple[Vignette, ...]
    lists: tuple[MuscleList, ...]


@dataclass
class Report:
    """The figures of one run, and the cases that missed (for development)."""

    vignettes: int = 0
    top1: int = 0
    top3: int = 0
    lists: int = 0
    recall5: list[float] = field(default_factory=list)
    recall10: list[float] = field(default_factory=list)
    ordered_lists: int = 0
    first_in_top3: int = 0
    spearman: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        def share(part: int, whole: int) -> float | None:
            return round(part / whole, 3) if whole else None

        def mean(values: list[float]) -> float | None:
            return round(sum(values) / len(values), 3) if values else None

        return {
            "vignettes": self.vignettes,
            "vignette_top1": share(self.top1, self.vignettes),
            "vignette_top3": share(self.top3, self.vignettes),
            "lists": self.lists,
            "list_recall_at_5": mean(self.recall5),
            "list_recall_at_10": mean(self.recall10),
            "ordered_lists": self.ordered_lists,
            "first_listed_in_top3": share(self.first_in_top3, self.ordered_lists),
            "spearman_lists": len(self.spearman),
            "spearman_mean": mean(self.spearman),
        }


def load_set(path: Path) -> EvaluationSet:
    """Read and check an evaluation file: regions, factors and features must be known ids."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise EvaluationSetError(f"cannot read {path}: {error}") from None
    if not isinstance(data, dict):
        raise EvaluationSetError(f"{path}: must be a mapping with vignettes and lists")
    kb = knowledge.load()
    vignettes = tuple(_vignette(row, kb) for row in data.get("vignettes") or [])
    lists = tuple(_muscle_list(row) for row in data.get("lists") or [])
    ids = [case.id for case in vignettes] + [case.id for case in lists]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise EvaluationSetError(f"case id(s) used twice: {', '.join(twice)}")
    return EvaluationSet(vignettes, lists)


def evaluate(cases: EvaluationSet, kb: KnowledgeBase | None = None) -> Report:
    """Rank every case with the finder and count how often it agrees with its source."""
    base = kb or knowledge.load()
    report = Report()
    for vignette in cases.vignettes:
        muscles = ranked_muscles(vignette.marks, base, vignette.factors, vignette.features)
        order = in_units((vignette.primary,), muscles)
        position = _position(vignette.primary, order)
        report.vignettes += 1
        report.top1 += position == 0
        report.top3 += position is not None and position < 3
        if position is None or position >= 3:
            report.misses.append(
                f"vignette {vignette.id}: {'/'.join(vignette.primary)} "
                f"at {'-' if position is None else position + 1}; top 3 {order[:3]}"
            )
    for entry in cases.lists:
        order = in_units(entry.muscles, ranked_muscles(entry.area, base))
        report.lists += 1
        report.recall5.append(_recall(entry.muscles, order, 5))
        report.recall10.append(_recall(entry.muscles, order, 10))
        if report.recall5[-1] < 1:
            found = [m for m in entry.muscles if _position(m, order[:5]) is None]
            report.misses.append(f"list {entry.id}: not in top 5 {found}; top 5 {order[:5]}")
        if entry.ordered:
            report.ordered_lists += 1
            first = _position(entry.muscles[0], order)
            report.first_in_top3 += first is not None and first < 3
            rho = _spearman(entry.muscles, order)
            if rho is not None:
                report.spearman.append(rho)
    return report


def ranked_muscles(
    marks: Mapping[str, int],
    kb: KnowledgeBase,
    factors: Sequence[str] = (),
    features: Sequence[str] = (),
) -> list[str]:
    """The finder's candidates reduced to distinct muscles, best first."""
    pain_map = PainMap(tuple(Mark(region, level) for region, level in marks.items()))
    context = Context(frozenset(factors), frozenset(features))
    candidates = rank(pain_map, context, kb).candidates
    return list(dict.fromkeys(c.muscle for c in candidates))


def in_units(entries: Sequence[Sequence[str]], muscles: Sequence[str]) -> list[str]:
    """The finder's muscles with each group entry of the case in one place, at its first member.

    A group is shown by its first member's id, so the positions below still read as muscles.
    """
    group_of = {m: entry[0] for entry in entries if len(entry) > 1 for m in entry}
    return list(dict.fromkeys(group_of.get(m, m) for m in muscles))


def _position(any_of: Sequence[str], order: Sequence[str]) -> int | None:
    found = [order.index(m) for m in any_of if m in order]
    return min(found) if found else None


def _recall(entries: Sequence[Sequence[str]], order: Sequence[str], k: int) -> float:
    top = order[:k]
    hits = sum(_position(entry, top) is not None for entry in entries)
    return hits / min(k, len(entries))


def _spearman(entries: Sequence[Sequence[str]], order: Sequence[str]) -> float | None:
    if len(entries) < MIN_SPEARMAN_ENTRIES:
        return None
    last = len(order) + 1
    finder = [float(p + 1) if (p := _position(e, order)) is not None else last for e in entries]
    source = [float(i + 1) for i in range(len(entries))]
    return _pearson(_average_ranks(source), _average_ranks(finder))


def _average_ranks(values: Sequence[float]) -> list[float]:
    """Ranks 1..n with ties sharing their average rank (as Spearman's rho requires)."""
    ordered = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    start = 0
    while start < len(ordered):
        end = start
        while end + 1 < len(ordered) and values[ordered[end + 1]] == values[ordered[start]]:
            end += 1
        for i in range(start, end + 1):
            ranks[ordered[i]] = (start + end) / 2 + 1
        start = end + 1
    return ranks


def _pearson(x: Sequence[float], y: Sequence[float]) -> float | None:
    n = len(x)
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    if sxx == 0 or syy == 0:
        return None
    # float(): a float's power may be complex as far as the types know; these are >= 0.
    return round(sxy / float((sxx * syy) ** 0.5), 3)


def _marks(row: Mapping[str, Any], key: str, case: str) -> dict[str, int]:
    value = row.get(key)
    if not isinstance(value, dict) or not value:
        raise EvaluationSetError(f"case {case!r}: {key} must map region ids to intensities")
    for region_id, level in value.items():
        if not anatomy.is_region(str(region_id)):
            raise EvaluationSetError(f"case {case!r}: {key}: unknown region {region_id!r}")
        if not isinstance(level, int) or isinstance(level, bool) or not 1 <= level <= 10:
            raise EvaluationSetError(f"case {case!r}: {key}: {region_id} must be 1-10")
    return {str(k): int(v) for k, v in value.items()}


def _ids(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise EvaluationSetError(f"{value!r} is not a muscle id or a list of ids")


def _case(row: Any) -> tuple[str, str]:
    if not isinstance(row, dict) or not row.get("id") or not row.get("source"):
        raise EvaluationSetError(f"every case needs an id and a source: {row!r}")
    return str(row["id"]), str(row["source"])


def _vignette(row: Any, kb: KnowledgeBase) -> Vignette:
    case, source = _case(row)
    factors = tuple(row.get("factors") or ())
    features = tuple(row.get("features") or ())
    unknown = [f for f in factors if f not in kb.factors] + [
        f for f in features if f not in kb.features
    ]
    if unknown:
        raise EvaluationSetError(f"case {case!r}: unknown factor or feature {unknown}")
    try:
        primary = _ids(row.get("primary"))
    except EvaluationSetError as error:
        raise EvaluationSetError(f"case {case!r}: primary: {error}") from None
    return Vignette(case, source, _marks(row, "marks", case), primary, factors, features)


def _muscle_list(row: Any) -> MuscleList:
    case, source = _case(row)
    raw = row.get("muscles")
    if not isinstance(raw, list) or not raw:
        raise EvaluationSetError(f"case {case!r}: muscles must be a non-empty list")
    try:
        muscles = tuple(_ids(entry) for entry in raw)
    except EvaluationSetError as error:
        raise EvaluationSetError(f"case {case!r}: muscles: {error}") from None
    return MuscleList(case, source, _marks(row, "area", case), muscles, bool(row.get("ordered")))
