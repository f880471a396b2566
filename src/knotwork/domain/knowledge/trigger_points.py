"""A trigger point's row of a muscle file: checked field by field, with its zones resolved for
each side it can be on (the patterns the finder ranks)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from knotwork.domain import anatomy
from knotwork.domain.knowledge.errors import KnowledgeError
from knotwork.domain.knowledge.fields import (
    Context,
    factor_notes,
    region_tokens,
    string_list,
    text_field,
)
from knotwork.domain.knowledge.model import (
    CONFIDENCES,
    OPPOSITE_SIDE_SUFFIX,
    SAME_SIDE_SUFFIX,
    SIDE_RULES,
    Part,
    PartZones,
    Pattern,
    TriggerPoint,
)

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


def trigger_point(
    row: Mapping[str, Any], muscle_id: str, where: str, entry: str, context: Context
) -> TriggerPoint:
    """One row (merged with its muscle's shared fields), checked, with its patterns."""
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
    zones = {
        key: region_tokens(row, key, where, entry) for key in ("sites", "essential", "spillover")
    }
    uncertain_zones = region_tokens(row, "uncertain_zones", where, entry)
    stray = set(uncertain_zones) - set(zones["essential"]) - set(zones["spillover"])
    if stray:
        raise KnowledgeError(where, entry, "uncertain_zones", f"not in a zone: {sorted(stray)}")
    parts = _parts(row, zones, where, entry)
    sources = string_list(row, "sources", where, entry)
    for key in sources:
        if key not in context.source_keys:
            raise KnowledgeError(where, entry, "sources", f"unknown source key {key!r}")
    features = string_list(row, "features", where, entry)
    for feature in features:
        if feature not in context.feature_ids:
            raise KnowledgeError(where, entry, "features", f"unknown feature {feature!r}")
    tp = TriggerPoint(
        muscle=muscle_id,
        id=text_field(row, "id", where, entry),
        name=text_field(row, "name", where, entry),
        locate=text_field(row, "locate", where, entry),
        sites=zones["sites"],
        essential=zones["essential"],
        spillover=zones["spillover"],
        side_rule=side_rule,
        activating=factor_notes(row, "activating", where, entry, context),
        perpetuating=factor_notes(row, "perpetuating", where, entry, context),
        features=features,
        features_text=string_list(row, "features_text", where, entry),
        mimics=string_list(row, "mimics", where, entry),
        sources=sources,
        confidence=confidence,
        only_side=only_side,
        other_symptoms=string_list(row, "other_symptoms", where, entry),
        encoding_note=str(row.get("encoding_note") or ""),
        uncertain_notes=string_list(row, "uncertain", where, entry),
        uncertain_zones=uncertain_zones,
        parts=parts,
    )
    return _with_patterns(tp)


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
        essential = region_tokens(item, "essential", where, part_entry)
        spillover = region_tokens(item, "spillover", where, part_entry)
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
            resolve_tokens(tp.essential, side),
            tuple(
                r
                for r in resolve_tokens(tp.spillover, side)
                if r not in resolve_tokens(tp.essential, side)
            ),
            tuple(_part_zones(part, tp, side) for part in tp.parts),
        )
        for side in sides
    )
    factor_ids = frozenset(f for note in tp.activating + tp.perpetuating for f in note.factors)
    return TriggerPoint(**{**_fields(tp), "patterns": patterns, "factor_ids": factor_ids})


def _part_zones(part: Part, tp: TriggerPoint, side: str) -> PartZones:
    """A part on one side: its own essential zone, and the row's spillover plus its own."""
    essential = resolve_tokens(part.essential, side)
    spillover = resolve_tokens(tp.spillover + part.spillover, side)
    return PartZones(part.id, essential, tuple(r for r in spillover if r not in essential))


def _fields(tp: TriggerPoint) -> dict[str, Any]:
    return {name: getattr(tp, name) for name in TriggerPoint.__dataclass_fields__}


def resolve_tokens(tokens: Iterable[str], side: str) -> tuple[str, ...]:
    """Turn `_S` / `_O` tokens (`low_back_S`, `forehead_O`, `sacrum`) into region ids for a
    trigger point on `side`, each once, in order."""
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
