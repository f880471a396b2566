"""The finder: from a pain map to the trigger points to examine, each with its reasons.

`rank(pain_map, context)` scores every trigger-point pattern of the knowledge base by how well its
referral zones explain the painful regions (docs/finder.md). It suggests where to examine; it
never diagnoses. `rank_json(payload)` is the one entry point the CLI, batch mode and HTTP API
share, so that all three give the same ranking for the same input.
"""

from __future__ import annotations

from knotwork.domain.referral.cover import CoverItem
from knotwork.domain.referral.jsonio import FinderInputError, rank_json, to_json
from knotwork.domain.referral.ranking import Ranking, UnknownTerms, rank
from knotwork.domain.referral.scoring import Candidate, Context, Explained
from knotwork.domain.referral.ties import Tie, find_ties

__all__ = [
    "Candidate",
    "Context",
    "CoverItem",
    "Explained",
    "FinderInputError",
    "Ranking",
    "Tie",
    "UnknownTerms",
    "find_ties",
    "rank",
    "rank_json",
    "to_json",
]
