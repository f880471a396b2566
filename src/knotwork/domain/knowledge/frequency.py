"""Read `data/frequency.yaml`: the reference's few statements on how often a muscle is the cause.

The reference states how common a muscle's trigger points are for very few muscles (quadratus
lumborum "the most frequent muscular cause of low back pain", brachioradialis the most prevalent
in one tennis-elbow sample, extensor carpi ulnaris "uncommon", sartorius "seldom involved on its
own"), and never with a number. The finder therefore uses them only to order patterns that
explain a drawing exactly alike (docs/finder.md, "Ties"). The file is optional: a directory
without it has no statements.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from knotwork.domain.knowledge.errors import KnowledgeError
from knotwork.domain.knowledge.fields import optional_rows, region_tokens, string_list, text_field
from knotwork.domain.knowledge.model import (
    FREQUENCY_LEVELS,
    Frequency,
)

FILE_NAME = "frequency.yaml"
KEYS = {"muscle", "level", "regions", "note", "sources"}


def load_frequency(
    directory: Path, muscles: Collection[str], source_keys: Collection[str]
) -> dict[str, Frequency]:
    """Muscle id -> its frequency statement; `KnowledgeError` names the entry and the field."""
    out: dict[str, Frequency] = {}
    for entry, row in optional_rows(directory / FILE_NAME, "frequency", KEYS):
        muscle = row.get("muscle")
        if muscle not in muscles:
            raise KnowledgeError(FILE_NAME, entry, "muscle", f"unknown muscle {muscle!r}")
        if muscle in out:
            raise KnowledgeError(FILE_NAME, entry, "muscle", f"{muscle} has two statements")
        level = row.get("level")
        if level not in FREQUENCY_LEVELS:
            raise KnowledgeError(
                FILE_NAME, entry, "level", f"{level!r} is not one of {FREQUENCY_LEVELS}"
            )
        note = text_field(row, "note", FILE_NAME, entry)
        sources = string_list(row, "sources", FILE_NAME, entry)
        if not sources:
            raise KnowledgeError(FILE_NAME, entry, "sources", "missing or empty")
        for key in sources:
            if key not in source_keys:
                raise KnowledgeError(FILE_NAME, entry, "sources", f"unknown source key {key!r}")
        regions = region_tokens(row, "regions", FILE_NAME, entry)
        out[str(muscle)] = Frequency(str(muscle), level, regions, note, sources)
    return out
