"""Candidates that explain a drawing exactly alike, and what put one before the other.

Two trigger points whose zones reach the same painful regions in the same way (the same regions,
each through the same kind of zone) with the same pattern fit cannot be told apart by the drawing:
the finder says so instead of pretending that its order means something (docs/finder.md,
"Ties"). An order is still given, by documented rules: the intake's answers first, then the
reference's statements on how often a muscle is the cause (`data/frequency.yaml`), and where no
source orders them, the knowledge base's own order.

Works on the finder's JSON (`rank_json`), so that the CLI and the pages read ties from the same
answer they show, without a field of their own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from knotwork.domain import knowledge
from knotwork.domain.knowledge import KnowledgeBase
from knotwork.domain.referral.patterns import site_regions

OrderedBy = Literal["intake", "frequency", "knowledge_base"]


@dataclass(frozen=True, slots=True)
class Tie:
    """Candidates (positions in the list, 0-based, as listed) that explain the drawing alike.

    `ordered_by` names the rule that gave their order; `note` says it in plain words for people
    (names, never ids).
    """

    positions: tuple[int, ...]
    ordered_by: OrderedBy
    note: str


def find_ties(
    candidates: Sequence[Mapping[str, Any]], kb: KnowledgeBase | None = None
) -> tuple[Tie, ...]:
    """The groups of candidates of a `rank_json` answer that explain the drawing alike."""
    base = kb or knowledge.load()
    groups: dict[tuple[float, frozenset[tuple[str, str]]], list[int]] = {}
    for position, c in enumerate(candidates):
        key = (c["base_score"], frozenset((e["region"], e["zone"]) for e in c["explains"]))
        groups.setdefault(key, []).append(position)
    drawing = {e["region"] for c in candidates for e in c["explains"]}
    ties = []
    for positions in groups.values():
        # The same trigger point on the other side is the same examination, not a tie.
        distinct = list(
            {
                (candidates[p]["muscle"], candidates[p]["trigger_point"]): p for p in positions
            }.values()
        )
        # Trigger points of one muscle are examined together: only ties between muscles count.
        if len({candidates[p]["muscle"] for p in distinct}) > 1:
            members = tuple(sorted(distinct))
            ties.append(_tie(members, candidates, drawing, base))
    return tuple(sorted(ties, key=lambda tie: tie.positions))


def _tie(
    positions: tuple[int, ...],
    candidates: Sequence[Mapping[str, Any]],
    drawing: set[str],
    kb: KnowledgeBase,
) -> Tie:
    members = [candidates[p] for p in positions]
    names = _names([_name(c, kb) for c in members])
    alike = f"{names} explain this drawing alike (the same regions, through the same zones)"
    # Shown scores may both be capped at 1; what the answers added still tells them apart.
    if len({c["boosts"]["factors"] + c["boosts"]["features"] for c in members}) > 1:
        first = members[0]
        answers = _answers(first, kb)
        return Tie(
            positions,
            "intake",
            f"{alike}; the intake answers put {_name(first, kb)} first ({answers}).",
        )
    notes = list(dict.fromkeys(n for c in members if (n := _statement(c, drawing, kb))))
    if notes:
        return Tie(positions, "frequency", f"{alike}. {' '.join(notes)}")
    return Tie(
        positions,
        "knowledge_base",
        f"{alike}; no source says which is more often the cause, so they are listed in the "
        "knowledge base's order.",
    )


def _statement(candidate: Mapping[str, Any], drawing: set[str], kb: KnowledgeBase) -> str:
    """The reference's frequency statement for the candidate's muscle, if this drawing is where
    it applies (the regions it names, on the candidate's side), else ""."""
    statement = kb.frequency.get(candidate["muscle"])
    if statement is None:
        return ""
    if statement.regions and drawing.isdisjoint(site_regions(statement.regions, candidate["side"])):
        return ""
    return statement.note


def _name(candidate: Mapping[str, Any], kb: KnowledgeBase) -> str:
    """ "Masseter, superficial layer"; a muscle's name alone when it has one trigger point."""
    muscle = kb.muscle(candidate["muscle"])
    short = muscle.label.split(" (")[0].split(":")[0].split(",")[0]
    if len(muscle.trigger_points) == 1:
        return short
    name = muscle.trigger_point(candidate["trigger_point"]).name
    if short.lower().split(" ")[0] in name.lower():
        return name
    # "Upper fibres" reads "upper fibres" after a comma; "TrP1" and "McBurney's" keep capitals.
    first = name.split(" ", 1)[0]
    return f"{short}, {name[0].lower() + name[1:] if first.istitle() else name}"


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _answers(candidate: Mapping[str, Any], kb: KnowledgeBase) -> str:
    labels = [kb.factors[f].label for f in candidate["factors"] if f in kb.factors]
    labels += [kb.features[f].label for f in candidate["features"] if f in kb.features]
    return "it matches: " + "; ".join(label[:1].lower() + label[1:] for label in labels)
