"""Read `data/frequency.yaml`: the reference's few statements on how often a muscle is the cause.

The reference states how common a muscle's trigger points are for very few muscles (quadratus
lumborum "the most frequent muscular cause of low back pain", brachioradialis the most prevalent
in one tennis-elbow sample, extensor carpi ulnaris "uncommon", sartorius "seldom involved on its
own"), and never with a number. The finder therefore uses them only to order patterns that
explain a drawing exactly alike (docs/finder.md, "Ties"). The file is optional: a directory
without it has no statements.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

import yaml

from knotwork.domain import anatomy
from knotwork.domain.knowledge.errors import KnowledgeError
from knotwork.domain.knowledge.model import (
    FREQUENCY_LEVELS,
    OPPOSITE_SIDE_SUFFIX,
    SAME_SIDE_SUFFIX,
    Frequency,
)

FILE_NAME = "frequency.yaml"
KEYS = {"muscle", "level", "regions", "note", "sources"}


def load_frequency(
    directory: Path, muscles: Collection[str], source_keys: Collection[str]
) -> dict[str, Frequency]:
    """Muscle id -> its frequency statement; `KnowledgeError` names the entry and the field."""
    path = directory / FILE_NAME
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text())
    except (OSError, yaml.YAMLError) as error:
        raise KnowledgeError(FILE_NAME, "(file)", "(file)", f"cannot read: {error}") from None
    rows = data.get("frequency") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise KnowledgeError(FILE_NAME, "frequency", "frequency", "must be a list")
    out: dict[str, Frequency] = {}
    for index, row in enumerate(rows):
        entry = f"frequency[{index}]"
        if not isinstance(row, dict):
            raise KnowledgeError(FILE_NAME, entry, "(entry)", "must be a mapping")
        unknown = set(row) - KEYS
        if unknown:
            raise KnowledgeError(FILE_NAME, entry, sorted(unknown)[0], "unknown field")
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
        note = row.get("note")
        if not isinstance(note, str) or not note.strip():
            raise KnowledgeError(FILE_NAME, entry, "note", "must be non-empty text")
        sources = _strings(row, "sources", entry)
        if not sources:
            raise KnowledgeError(FILE_NAME, entry, "sources", "missing or empty")
        for key in sources:
            if key not in source_keys:
                raise KnowledgeError(FILE_NAME, entry, "sources", f"unknown source key {key!r}")
        regions = _strings(row, "regions", entry)
        for token in regions:
            if not _is_zone_token(token):
                raise KnowledgeError(FILE_NAME, entry, "regions", f"unknown region {token!r}")
        out[str(muscle)] = Frequency(str(muscle), level, regions, note, sources)
    return out


def _strings(row: Mapping[str, Any], key: str, entry: str) -> tuple[str, ...]:
    value = row.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise KnowledgeError(FILE_NAME, entry, key, "must be a list of non-empty strings")
    return tuple(value)


def _is_zone_token(token: str) -> bool:
    if token.endswith((SAME_SIDE_SUFFIX, OPPOSITE_SIDE_SUFFIX)):
        return anatomy.is_region(f"{token[:-2]}_left")
    return anatomy.is_region(token)
