"""A small set of trigger points that together explain a widespread pain map (greedy set cover)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from knotwork.domain.referral.scoring import (
    ESSENTIAL_WEIGHT,
    SPILLOVER_WEIGHT,
    Candidate,
    Explained,
)

# A cover is a proposal to examine, not an exhaustive search: keep it short.
MAX_COVER = 5
# Stop adding trigger points once the next one would explain less than this share of the map.
MIN_GAIN = 0.05


@dataclass(frozen=True, slots=True)
class CoverItem:
    """One trigger point of the cover and the painful regions it adds to the explanation."""

    candidate: Candidate
    adds: tuple[Explained, ...]


def cover(candidates: Sequence[Candidate], painful: dict[str, int]) -> tuple[CoverItem, ...]:
    """Pick trigger points greedily by the weight of pain they newly explain, times their fit.

    Each painful region earns at most the best credit any chosen pattern gives it (essential
    1.0, spillover 0.4), so a second pattern is chosen for the pain the first leaves out, and a
    pattern whose essential zone is mostly pain-free is discounted by its essential fit.
    """
    total = float(sum(painful.values()))
    if total <= 0:
        return ()
    credit: dict[str, float] = dict.fromkeys(painful, 0.0)
    # Each option: (candidate, its fit, [(region, credit it gives, intensity), ...]).
    options = [
        (c, c.essential_fit, [(e.region, _weight(e), e.intensity) for e in c.explains])
        for c in candidates
    ]
    chosen: list[CoverItem] = []
    while options and len(chosen) < MAX_COVER:
        best_gain, best_index = 0.0, -1
        for index, (_, fit, parts) in enumerate(options):
            gain = 0.0
            for region_id, weight, intensity in parts:
                extra = weight - credit[region_id]
                if extra > 0:
                    gain += extra * intensity
            gain *= fit
            if gain > best_gain:
                best_gain, best_index = gain, index
        if best_index < 0 or best_gain / total < MIN_GAIN:
            break
        picked, _, parts = options.pop(best_index)
        adds = tuple(e for e in picked.explains if _weight(e) > credit[e.region])
        for region_id, weight, _ in parts:
            credit[region_id] = max(credit[region_id], weight)
        chosen.append(CoverItem(picked, adds))
    return tuple(chosen)


def _weight(explained: Explained) -> float:
    return ESSENTIAL_WEIGHT if explained.zone == "essential" else SPILLOVER_WEIGHT
