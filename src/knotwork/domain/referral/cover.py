"""A small set of trigger points that together explain a widespread pain map (greedy set cover)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from knotwork.domain.referral.scoring import Candidate, Explained

# A cover is a proposal to examine, not an exhaustive search: keep it short.
MAX_COVER = 5
# Stop adding trigger points once the next one would explain less than this share of the map.
MIN_GAIN = 0.05


@dataclass(frozen=True, slots=True)
class CoverItem:
    """One trigger point of the cover and the painful regions it newly explains."""

    candidate: Candidate
    adds: tuple[Explained, ...]


def cover(candidates: Sequence[Candidate], painful: dict[str, int]) -> tuple[CoverItem, ...]:
    """Pick trigger points greedily by the pain they explain that no earlier pick explains.

    A region counts as covered once any chosen pattern explains it (in a zone, at its site or
    next to its essential zone); each pick's gain is the intensity-weighted credit of the
    regions it newly covers, times its essential fit, so that a pattern whose essential zone is
    mostly pain-free is discounted. It stops when every painful region is covered, after five
    picks, or when the next pick would add less than 5% of the map.
    """
    total = float(sum(painful.values()))
    if total <= 0:
        return ()
    covered: set[str] = set()
    chosen: list[CoverItem] = []
    # Each option: (its gain with nothing covered yet, its order, candidate). Gains only shrink
    # as regions get covered, so options are tried from the largest first gain down and the
    # search stops once no remaining option could beat the best found.
    options = sorted(
        ((c.cover_gain, index, c) for index, c in enumerate(candidates) if c.explains),
        key=lambda option: (-option[0], option[1]),
    )
    while options and len(chosen) < MAX_COVER and len(covered) < len(painful):
        best_gain, best_at = 0.0, -1
        for at, (bound, _, c) in enumerate(options):
            if bound <= best_gain:
                break
            if covered:
                gain = c.essential_fit * sum(
                    e.weighted for e in c.explains if e.region not in covered
                )
            else:
                gain = bound
            if gain > best_gain:
                best_gain, best_at = gain, at
        if best_at < 0 or best_gain / total < MIN_GAIN:
            break
        picked = options.pop(best_at)[2]
        adds = tuple(e for e in picked.explains if e.region not in covered)
        covered.update(e.region for e in adds)
        chosen.append(CoverItem(picked, adds))
    return tuple(chosen)
