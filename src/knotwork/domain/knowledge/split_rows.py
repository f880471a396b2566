"""Read `data/split_rows.yaml`: reference rows the base split into trigger points, scored whole too.

Reference B.1 asks that a row whose trigger points refer to distinct zones be encoded as one
pattern per trigger point; for three muscles (quadratus lumborum, gluteus minimus, masseter) the
row also gives the muscle's whole zone in one essential list, Travell & Simons' figure of the
muscle. The finder scores those trigger points one by one and together, as the row
(docs/finder.md, "Trigger points of one reference row"). The file is optional.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path

from knotwork.domain.knowledge.errors import KnowledgeError
from knotwork.domain.knowledge.fields import optional_rows
from knotwork.domain.knowledge.model import Muscle

FILE_NAME = "split_rows.yaml"
KEYS = {"muscle", "trigger_points", "sources"}


def load_split_rows(
    directory: Path, muscles: Mapping[str, Muscle], source_keys: Collection[str]
) -> dict[str, tuple[str, ...]]:
    """Muscle id -> the ids of its trigger points split from one row; errors name the field."""
    out: dict[str, tuple[str, ...]] = {}
    for entry, row in optional_rows(directory / FILE_NAME, "rows", KEYS):
        muscle = muscles.get(str(row.get("muscle")))
        if muscle is None:
            raise KnowledgeError(
                FILE_NAME, entry, "muscle", f"unknown muscle {row.get('muscle')!r}"
            )
        if muscle.id in out:
            raise KnowledgeError(FILE_NAME, entry, "muscle", f"{muscle.id} is listed twice")
        ids = _strings(row.get("trigger_points"), entry, "trigger_points")
        known = {tp.id for tp in muscle.trigger_points}
        if len(set(ids)) < 2 or not set(ids) <= known:
            raise KnowledgeError(
                FILE_NAME, entry, "trigger_points", f"needs two or more of {sorted(known)}"
            )
        sources = _strings(row.get("sources"), entry, "sources")
        for key in sources:
            if key not in source_keys:
                raise KnowledgeError(FILE_NAME, entry, "sources", f"unknown source key {key!r}")
        out[muscle.id] = ids
    return out


def _strings(value: object, entry: str, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise KnowledgeError(FILE_NAME, entry, key, "must be a non-empty list of ids")
    return tuple(value)
