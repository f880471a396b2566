"""The trigger-point knowledge base: muscles, trigger points, referral zones, factors, sources.

The facts live as YAML data files beside this module (`data/`), one file per muscle of
shared/spec/muscles.yaml, written from the clinical reference section B. `load()` validates them
once and caches the result; a broken file raises `KnowledgeError` naming file, entry and field.
"""

from __future__ import annotations

from functools import cache

from knotwork.domain.knowledge.loader import KnowledgeError, bundled_data_dir, load_directory
from knotwork.domain.knowledge.model import (
    FactorNote,
    KnowledgeBase,
    Muscle,
    Pattern,
    Source,
    Term,
    TriggerPoint,
    ZoneHit,
)
from knotwork.domain.knowledge.search import MuscleMatch
from knotwork.domain.knowledge.search import search as _search

__all__ = [
    "FactorNote",
    "KnowledgeBase",
    "KnowledgeError",
    "Muscle",
    "MuscleMatch",
    "Pattern",
    "Source",
    "Term",
    "TriggerPoint",
    "ZoneHit",
    "load",
    "load_directory",
    "search",
]


@cache
def load() -> KnowledgeBase:
    """The bundled knowledge base, validated on first use and cached for the process."""
    return load_directory(bundled_data_dir())


def search(query: str, limit: int | None = None) -> list[MuscleMatch]:
    """Muscles of the bundled base matching a name, abbreviation or symptom word, best first."""
    return _search(query, load(), limit)
