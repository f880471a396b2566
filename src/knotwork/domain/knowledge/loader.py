"""Load and validate the knowledge-base data files; each problem names file, entry and field."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from knotwork.domain import anatomy
from knotwork.domain.knowledge.errors import KnowledgeError
from knotwork.domain.knowledge.frequency import load_frequency
from knotwork.domain.knowledge.model import (
    CONFIDENCES,
    OPPOSITE_SIDE_SUFFIX,
    SAME_SIDE_SUFFIX,
    SIDE_RULES,
    FactorNote,
    KnowledgeBase,
    Muscle,
    Part,
    PartZones,
    Pattern,
    Source,
    Term,
    TriggerPoint,
    ZoneHit,
)
from knotwork.domain.knowledge.split_rows import load_split_rows

__all__ = ["KnowledgeError", "bundled_data_dir", "load_directory", "spec_muscles"]

MUSCLE_KEYS = {"muscle", "name", "cautions", "self_care", "trigger_points"}
# Fields a muscle file may set once for all its trigger points (reference rows shared by a split).
SHARED_KEYS = {
    "activating",
    "perpetuating",
    "features",
    "features_text",
    "mimics",
    "other_symptoms",
    "sources",
    "confidence",
    "encoding_note",
}
TRIGGER_POINT_KEYS = SHARED_KEYS | {
    "id",
    "name",
    "locate",
    "sites",
    "essential",
    "spillover",
    "side_rule",
    "only_side",
    "uncertain",
    "uncertain_zones",
    "parts",
}
PART_KEYS = {"id", "essential", "spillover"}
REQUIRED_TRIGGER_POINT_KEYS = (
    "id",
    "name",
    "locate",
    "sites",
    "essential",
    "side_rule",
    "sources",
    "confidence",
)


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
    context = _Context(factors, features, sources)
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


@dataclass(frozen=True)
class _Context:
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


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text())
    except (OSError, yaml.YAMLError) as error:
        raise KnowledgeError(path.name, "(file)", "(file)", f"cannot read: {error}") from None


def _load_vocabulary(path: Path) -> tuple[tuple[Term, ...], tuple[Term, ...]]:
    data = _read_yaml(path)
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
    data = _read_yaml(path)
    rows = data.get("sources") if isinstance(data, dict) else None
    if not isinstance(rows, list) or not rows:
        raise KnowledgeError(path.name, "sources", "sources", "must be a non-empty list")
    out = []
    for row in rows:
        if not isinstance(row, dict) or not row.get("key") or not row.get("title"):
            raise KnowledgeError(path.name, f"source {row!r}", "key", "needs a key and a title")
        out.append(Source(str(row["key"]), str(row["title"])))
    return tuple(out)


def _load_muscle(path: Path, muscle_id: str, label: str, context: _Context) -> Muscle:
    where = f"muscles/{path.name}"
    data = _read_yaml(path)
    if not isinstance(data, dict):
        raise KnowledgeError(where, muscle_id, "(file)", "must be a mapping")
    unknown = set(data) - MUSCLE_KEYS - SHARED_KEYS
    if unknown:
        raise KnowledgeError(where, muscle_id, sorted(unknown)[0], "unknown field")
    if data.get("muscle") != muscle_id:
        raise KnowledgeError(
            where, muscle_id, "muscle", f"is {data.get('muscle')!r}, file is for {muscle_id!r}"
        )
    name = _text(data, "name", where, muscle_id)
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
        tp = _trigger_point(merged, muscle_id, where, entry, context)
        if any(other.id == tp.id for other in trigger_points):
            raise KnowledgeError(where, entry, "id", "used twice in this muscle")
        trigger_points.append(tp)
    return Muscle(
        id=muscle_id,
        name=name,
        label=label,
        cautions=_strings(data, "cautions", where, muscle_id),
        self_care=_strings(data, "self_care", where, muscle_id),
        trigger_points=tuple(trigger_points),
    )


def _trigger_point(
    row: Mapping[str, Any], muscle_id: str, where: str, entry: str, context: _Context
) -> TriggerPoint:
    unknown = set(row) - TRIGGER_POINT_KEYS
    if unknown:
        raise KnowledgeError(where, entry, sorted(unknown)[0], "unknown field")
    for key in REQUIRED_TRIGGER_POINT_KEYS:
        if row.get(key) in (None, "", []):
            raise KnowledgeError(where, entry, key, "missing or empty")
    side_rule = row["side_rule"]
    if side_rule not in SIDE_RULES:
        raise KnowledgeError(where, entry, "side_rule", f"{side_rule!r} is not one of {SIDE_RULES}")
    confidence = row["confidence"]
    if confidence not in CONFIDENCES:
        raise KnowledgeError(
            where, entry, "confidence", f"{confidence!r} is not one of {CONFIDENCES}"
        )
    only_side = row.get("only_side")
    if only_side not in (None, *anatomy.SIDES):
        raise KnowledgeError(where, entry, "only_side", f"{only_side!r} is not left or right")
    zones = {key: _zones(row, key, where, entry) for key in ("sites", "essential", "spillover")}
    uncertain_zones = _zones(row, "uncertain_zones", where, entry)
    stray = set(uncertain_zones) - set(zones["essential"]) - set(zones["spillover"])
    if stray:
        raise KnowledgeError(where, entry, "uncertain_zones", f"not in a zone: {sorted(stray)}")
    parts = _parts(row, zones, where, entry)
    sources = _strings(row, "sources", where, entry)
    for key in sources:
        if key not in context.source_keys:
            raise KnowledgeError(where, entry, "sources", f"unknown source key {key!r}")
    features = _strings(row, "features", where, entry)
    for feature in features:
        if feature not in context.feature_ids:
            raise KnowledgeError(where, entry, "features", f"unknown feature {feature!r}")
    tp = TriggerPoint(
        muscle=muscle_id,
        id=_text(row, "id", where, entry),
        name=_text(row, "name", where, entry),
        locate=_text(row, "locate", where, entry),
        sites=zones["sites"],
        essential=zones["essential"],
        spillover=zones["spillover"],
        side_rule=side_rule,
        activating=_factor_notes(row, "activating", where, entry, context),
        perpetuating=_factor_notes(row, "perpetuating", where, entry, context),
        features=features,
        features_text=_strings(row, "features_text", where, entry),
        mimics=_strings(row, "mimics", where, entry),
        sources=sources,
        confidence=confidence,
        only_side=only_side,
        other_symptoms=_strings(row, "other_symptoms", where, entry),
        encoding_note=str(row.get("encoding_note") or ""),
        uncertain_notes=_strings(row, "uncertain", where, entry),
        uncertain_zones=uncertain_zones,
        parts=parts,
    )
    return _with_patterns(tp)


def _with_patterns(tp: TriggerPoint) -> TriggerPoint:
    """Resolve the zones for each side the trigger point can be on (frozen, so rebuild)."""
    tokens = tp.sites + tp.essential + tp.spillover
    sided = any(t.endswith((SAME_SIDE_SUFFIX, OPPOSITE_SIDE_SUFFIX)) for t in tokens)
    # A pattern without any side-dependent token is the same on both sides: keep one, `midline`.
    sides = (tp.only_side,) if tp.only_side else anatomy.SIDES if sided else ("midline",)
    patterns = tuple(
        Pattern(
            tp.muscle,
            tp.id,
            side,
            _resolve(tp.essential, side),
            tuple(r for r in _resolve(tp.spillover, side) if r not in _resolve(tp.essential, side)),
            tuple(_part_zones(part, tp, side) for part in tp.parts),
        )
        for side in sides
    )
    factor_ids = frozenset(f for note in tp.activating + tp.perpetuating for f in note.factors)
    return TriggerPoint(**{**_fields(tp), "patterns": patterns, "factor_ids": factor_ids})


def _part_zones(part: Part, tp: TriggerPoint, side: str) -> PartZones:
    """A part on one side: its own essential zone, and the row's spillover plus its own."""
    essential = _resolve(part.essential, side)
    spillover = _resolve(tp.spillover + part.spillover, side)
    return PartZones(part.id, essential, tuple(r for r in spillover if r not in essential))


def _parts(
    row: Mapping[str, Any], zones: Mapping[str, tuple[str, ...]], where: str, entry: str
) -> tuple[Part, ...]:
    """Per-part zones of a row (reference B.1 `referral_by_trp`): never outside the row's zones."""
    items = row.get("parts") or []
    if not isinstance(items, list):
        raise KnowledgeError(where, entry, "parts", "must be a list")
    parts: list[Part] = []
    for item in items:
        if not isinstance(item, dict) or not item.get("id"):
            raise KnowledgeError(where, entry, "parts", f"item {item!r} needs an id and essential")
        unknown = set(item) - PART_KEYS
        if unknown:
            raise KnowledgeError(where, entry, "parts", f"unknown field {sorted(unknown)[0]!r}")
        part_entry = f"{entry} part {item['id']!r}"
        essential = _zones(item, "essential", where, part_entry)
        spillover = _zones(item, "spillover", where, part_entry)
        if not essential:
            raise KnowledgeError(where, part_entry, "essential", "missing or empty")
        outside = set(essential) - set(zones["essential"])
        if outside:
            raise KnowledgeError(
                where,
                part_entry,
                "essential",
                f"not in the row's essential zone: {sorted(outside)}",
            )
        stray = set(spillover) - set(zones["essential"]) - set(zones["spillover"])
        if stray:
            raise KnowledgeError(where, part_entry, "spillover", f"not in a zone: {sorted(stray)}")
        if any(p.id == item["id"] for p in parts):
            raise KnowledgeError(where, part_entry, "id", "used twice in this trigger point")
        parts.append(Part(str(item["id"]), essential, spillover))
    return tuple(parts)


def _fields(tp: TriggerPoint) -> dict[str, Any]:
    return {name: getattr(tp, name) for name in TriggerPoint.__dataclass_fields__}


def _resolve(tokens: tuple[str, ...], side: str) -> tuple[str, ...]:
    """Turn `_S` / `_O` tokens into region ids for a trigger point on `side`."""
    other = "right" if side == "left" else "left"
    out: list[str] = []
    for token in tokens:
        if token.endswith(SAME_SIDE_SUFFIX):
            region_id = f"{token[:-2]}_{side}"
        elif token.endswith(OPPOSITE_SIDE_SUFFIX):
            region_id = f"{token[:-2]}_{other}"
        else:
            region_id = token
        if region_id not in out:
            out.append(region_id)
    return tuple(out)


def _zones(row: Mapping[str, Any], key: str, where: str, entry: str) -> tuple[str, ...]:
    tokens = _strings(row, key, where, entry)
    atlas = anatomy.regions()
    for token in tokens:
        if token.endswith((SAME_SIDE_SUFFIX, OPPOSITE_SIDE_SUFFIX)):
            known = f"{token[:-2]}_left" in atlas
        else:
            known = token in atlas
        if not known:
            raise KnowledgeError(where, entry, key, f"unknown region {token!r}")
    return tokens


def _factor_notes(
    row: Mapping[str, Any], key: str, where: str, entry: str, context: _Context
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


def _strings(row: Mapping[str, Any], key: str, where: str, entry: str) -> tuple[str, ...]:
    value = row.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise KnowledgeError(where, entry, key, "must be a list of non-empty strings")
    return tuple(value)


def _text(row: Mapping[str, Any], key: str, where: str, entry: str) -> str:
    value = row.get(key)
    if not isinstance(value, str) or not value.strip():
        raise KnowledgeError(where, entry, key, "must be non-empty text")
    return value


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
