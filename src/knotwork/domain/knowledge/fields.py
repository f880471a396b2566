"""Readers of the knowledge base's files and of one field of a row: each returns the value
checked, or raises KnowledgeError naming file (`where`), entry and field."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from knotwork.domain import anatomy
from knotwork.domain.knowledge.errors import KnowledgeError
from knotwork.domain.knowledge.model import (
    OPPOSITE_SIDE_SUFFIX,
    SAME_SIDE_SUFFIX,
    FactorNote,
    Source,
    Term,
)


@dataclass(frozen=True)
class Context:
    """What the rows are checked against: the vocabulary and the sources."""

    factors: tuple[Term, ...]
    features: tuple[Term, ...]
    sources: tuple[Source, ...]

    @property
    def factor_ids(self) -> set[str]:
        return {t.id for t in self.factors}

    @property
    def feature_ids(self) -> set[str]:
        return {t.id for t in self.features}

    @property
    def source_keys(self) -> set[str]:
        return {s.key for s in self.sources}


def read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text())
    except (OSError, yaml.YAMLError) as error:
        raise KnowledgeError(path.name, "(file)", "(file)", f"cannot read: {error}") from None


def optional_rows(
    path: Path, key: str, allowed: Collection[str]
) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """The rows of an optional list file (`key:` a list; none when the file is missing), each
    with its entry name (`key[i]`), checked to be a mapping of `allowed` fields only."""
    if not path.exists():
        return
    data = read_yaml(path)
    rows = data.get(key) if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise KnowledgeError(path.name, key, key, "must be a list")
    for index, row in enumerate(rows):
        entry = f"{key}[{index}]"
        if not isinstance(row, dict):
            raise KnowledgeError(path.name, entry, "(entry)", "must be a mapping")
        unknown = set(row) - set(allowed)
        if unknown:
            raise KnowledgeError(path.name, entry, sorted(unknown)[0], "unknown field")
        yield entry, row


def string_list(row: Mapping[str, Any], key: str, where: str, entry: str) -> tuple[str, ...]:
    value = row.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise KnowledgeError(where, entry, key, "must be a list of non-empty strings")
    return tuple(value)


def text_field(row: Mapping[str, Any], key: str, where: str, entry: str) -> str:
    value = row.get(key)
    if not isinstance(value, str) or not value.strip():
        raise KnowledgeError(where, entry, key, "must be non-empty text")
    return value


def region_tokens(row: Mapping[str, Any], key: str, where: str, entry: str) -> tuple[str, ...]:
    tokens = string_list(row, key, where, entry)
    atlas = anatomy.regions()
    for token in tokens:
        if token.endswith((SAME_SIDE_SUFFIX, OPPOSITE_SIDE_SUFFIX)):
            known = f"{token[:-2]}_left" in atlas
        else:
            known = token in atlas
        if not known:
            raise KnowledgeError(where, entry, key, f"unknown region {token!r}")
    return tokens


def factor_notes(
    row: Mapping[str, Any], key: str, where: str, entry: str, context: Context
) -> tuple[FactorNote, ...]:
    items = row.get(key) or []
    if not isinstance(items, list):
        raise KnowledgeError(where, entry, key, "must be a list")
    notes = []
    for item in items:
        if not isinstance(item, dict) or not item.get("text"):
            raise KnowledgeError(where, entry, key, f"item {item!r} needs text and factors")
        factors = tuple(str(f) for f in item.get("factors") or [])
        for factor in factors:
            if factor not in context.factor_ids:
                raise KnowledgeError(where, entry, key, f"unknown factor {factor!r}")
        notes.append(FactorNote(str(item["text"]), factors))
    return tuple(notes)
