"""Which baseline instruments suit which pain types (clinical-reference.md sections C.1 and D).

Each definition's `suits` block names its pain types (`any` for all) and how strongly it is
suggested: `recommended` (ask it), `alternative` (may replace a recommended one, e.g. RMDQ for
ODI) or `optional`. Pain types are those of the region atlas (`knotwork.domain.anatomy`).
"""

from __future__ import annotations

from collections.abc import Iterable

from knotwork.domain.anatomy import PAIN_TYPES
from knotwork.domain.outcomes.definitions import Baseline, Instrument, instruments


def suits(definition: Instrument, pain_type: str) -> bool:
    """True when the instrument suits this pain type."""
    return "any" in definition.suits.pain_types or pain_type in definition.suits.pain_types


def baseline_instruments(
    pain_types: Iterable[str], *, levels: Iterable[Baseline] = ("recommended",)
) -> tuple[str, ...]:
    """Instrument ids to ask at baseline for these pain types, in definition order.

    With the default level this gives NPRS, PSFS and the stress rating for everyone, plus ODI
    and STarT Back for low back pain and the NDI for neck pain.
    """
    wanted = set(pain_types)
    unknown = wanted - set(PAIN_TYPES)
    if unknown:
        raise ValueError(f"unknown pain types: {sorted(unknown)}")
    chosen = set(levels)
    return tuple(
        definition.id
        for definition in instruments().values()
        if definition.suits.baseline in chosen and any(suits(definition, p) for p in wanted)
    )
