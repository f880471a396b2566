"""Load and validate the knowledge-base data files; each problem names file, entry and field.

The directory and its files here; a trigger point's row (and its zones per side) is
`trigger_points.py`, the readers of one field of a row `fields.py`.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import yaml

from knotwork.domain.knowledge.errors import KnowledgeError
from knotwork.domain.knowledge.fields import Context, read_yaml, string_list, text_field
from knotwork.domain.knowledge.frequency import load_frequency
from knotwork.domain.knowledge.model import (
    KnowledgeBase,
    Muscle,
    Pattern,
    Source,
    Term,
    TriggerPoint,
    ZoneHit,
)
from knotwork.domain.knowledge.split_rows import load_split_rows
from knotwork.domain.knowledge.trigger_points import SHARED_KEYS, trigger_point

__all__ = ["KnowledgeError", "bundled_data_dir", "load_directory", "spec_muscles"]

MUSCLE_KEYS = {"muscle", "name", "cautions", "self_care", "trigger_points"}


def bundled_data_dir() -> Path:
    """The data directory shipped inside the package."""
    return Path(str(resources.files("knotwork.domain.knowledge").joinpath("data")))


def spec_muscles() -> dict[str, str]:
    """Muscle id -> label from the spec copy `knotwork/domain/data/muscles.yaml`."""
    text = resources.files("knotwork.domain").joinpath("data/muscles.yaml").read_text()
    return {row["id"]: row["label"] for row in yaml.safe_load(text)["muscles"]}


def load_directory(directory: Path) -> KnowledgeBase:
    """Read and validate `vocabulary.yaml`, `sources.yaml` and `muscles/*.yaml` in `directory`."""
    factors, features = _load_vocabulary(directory / "vocabulary.yaml")
    sources = _load_sources(directory / "sources.yaml")
    context = Context(factors, features, sources)
    expected = spec_muscles()
    muscles: dict[str, Muscle] = {}
    files = sorted((directory / "muscles").glob("*.yaml"))
    found = {path.stem: path for path in files}
    for path in files:
        if path.stem not in expected:
            raise KnowledgeError(path.name, path.stem, "muscle", "not a muscle id of the spec")
    for muscle_id, label in expected.items():
        if muscle_id not in found:
            raise KnowledgeError(f"muscles/{muscle_id}.yaml", muscle_id, "muscle", "file missing")
        muscles[muscle_id] = _load_muscle(found[muscle_id], muscle_id, label, context)
    patterns = tuple(p for m in muscles.values() for tp in m.trigger_points for p in tp.patterns)
    return KnowledgeBase(
        muscles=muscles,
        factors={t.id: t for t in factors},
        features={t.id: t for t in features},
        sources={s.key: s for s in sources},
        patterns=patterns,
        by_region=_index_regions(patterns),
        frequency=load_frequency(directory, muscles.keys(), context.source_keys),
        split_rows=load_split_rows(directory, muscles, context.source_keys),
    )


def _load_vocabulary(path: Path) -> tuple[tuple[Term, ...], tuple[Term, ...]]:
    data = read_yaml(path)
    lists: list[tuple[Term, ...]] = []
    for key in ("factors", "features"):
        rows = data.get(key) if isinstance(data, dict) else None
        if not isinstance(rows, list) or not rows:
            raise KnowledgeError(path.name, key, key, "must be a non-empty list")
        terms = []
        for row in rows:
            if not isinstance(row, dict) or not row.get("id") or not row.get("label"):
                raise KnowledgeError(path.name, f"{key} {row!r}", "id", "needs an id and a label")
            terms.append(Term(str(row["id"]), str(row["label"])))
        lists.append(tuple(terms))
    return lists[0], lists[1]


def _load_sources(path: Path) -> tuple[Source, ...]:
    data = read_yaml(path)
    rows = data.get("sources") if isinstance(data, dict) else None
    if not isinstance(rows, list) or not rows:
        raise KnowledgeError(path.name, "sources", "sources", "must be a non-empty list")
    out = []
    for row in rows:
        if not isinstance(row, dict) or not row.get("key") or not row.get("title"):
            raise KnowledgeError(path.name, f"source {row!r}", "key", "needs a key and a title")
        out.append(Source(str(row["key"]), str(row["title"])))
    return tuple(out)


def _load_muscle(path: Path, muscle_id: str, label: str, context: Context) -> Muscle:
    where = f"muscles/{path.name}"
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise KnowledgeError(where, muscle_id, "(file)", "must be a mapping")
    unknown = set(data) - MUSCLE_KEYS - SHARED_KEYS
    if unknown:
        raise KnowledgeError(where, muscle_id, sorted(unknown)[0], "unknown field")
    if data.get("muscle") != muscle_id:
        raise KnowledgeError(
            where, muscle_id, "muscle", f"is {data.get('muscle')!r}, file is for {muscle_id!r}"
        )
    name = text_field(data, "name", where, muscle_id)
    rows = data.get("trigger_points")
    if not isinstance(rows, list) or not rows:
        raise KnowledgeError(where, muscle_id, "trigger_points", "needs at least one")
    shared = {key: data[key] for key in SHARED_KEYS if key in data}
    trigger_points: list[TriggerPoint] = []
    for index, row in enumerate(rows):
        if not isinstance(row, dict):
            raise KnowledgeError(where, f"trigger_points[{index}]", "(entry)", "must be a mapping")
        merged = {**shared, **row}
        entry = f"trigger point {row.get('id', index)!r}"
        tp = trigger_point(merged, muscle_id, where, entry, context)
        if any(other.id == tp.id for other in trigger_points):
            raise KnowledgeError(where, entry, "id", "used twice in this muscle")
        trigger_points.append(tp)
    return Muscle(
        id=muscle_id,
        name=name,
        label=label,
        cautions=string_list(data, "cautions", where, muscle_id),
        self_care=string_list(data, "self_care", where, muscle_id),
        trigger_points=tuple(trigger_points),
    )


def _index_regions(patterns: tuple[Pattern, ...]) -> dict[str, tuple[ZoneHit, ...]]:
    index: dict[str, list[ZoneHit]] = {}
    for p in patterns:
        for region_id in p.essential:
            index.setdefault(region_id, []).append(
                ZoneHit(p.muscle, p.trigger_point, p.side, "essential")
            )
        for region_id in p.spillover:
            index.setdefault(region_id, []).append(
                ZoneHit(p.muscle, p.trigger_point, p.side, "spillover")
            )
    return {region_id: tuple(hits) for region_id, hits in index.items()}
