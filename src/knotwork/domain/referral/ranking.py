"""Rank the trigger points to examine for a pain map (the finder's core entry point)."""

from __future__ import annotations

from dataclasses import dataclass

from knotwork.domain import knowledge
from knotwork.domain.knowledge import KnowledgeBase
from knotwork.domain.painmap import PainMap
from knotwork.domain.referral.cover import CoverItem, cover
from knotwork.domain.referral.scoring import Candidate, Context, score_all


@dataclass(frozen=True, slots=True)
class Ranking:
    """The finder's answer: candidates best first, and a small cover for widespread pain."""

    candidates: tuple[Candidate, ...]
    cover: tuple[CoverItem, ...]
    painful: tuple[tuple[str, int], ...]


class UnknownTerms(ValueError):
    """Context ids that are not in the knowledge base's vocabularies."""


def rank(
    pain_map: PainMap,
    context: Context | None = None,
    kb: KnowledgeBase | None = None,
    top: int | None = None,
) -> Ranking:
    """Rank trigger points for the painful regions of `pain_map`; deterministic for one input."""
    base = kb or knowledge.load()
    ctx = context or Context()
    unknown = sorted(ctx.factors - base.factors.keys()) + sorted(
        ctx.features - base.features.keys()
    )
    if unknown:
        raise UnknownTerms(f"unknown factor or feature id(s): {', '.join(unknown)}")
    painful = pain_map.painful
    candidates = score_all(painful, ctx, base)
    # The cover is built from the full list, so `top` only trims what is shown.
    chosen = cover(candidates, painful)
    shown = tuple(candidates if top is None else candidates[:top])
    return Ranking(shown, chosen, tuple(painful.items()))
