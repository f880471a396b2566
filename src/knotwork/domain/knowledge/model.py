"""The trigger-point knowledge base as frozen dataclasses: muscles, trigger points, referral zones.

Terms (reference B.1, after Travell & Simons, TS1/TS2, and EZ-1):
- referral zone: where a trigger point sends its pain, written as body-map region ids;
- essential zone: felt by nearly every patient with an active trigger point in that muscle;
- spillover zone: felt by some patients only, usually when the trigger point is more irritable.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

SideRule = Literal["same_side", "may_cross", "both_sides", "midline"]
FrequencyLevel = Literal["more_common", "less_common"]
Confidence = Literal["high", "medium", "low"]
ZoneKind = Literal["essential", "spillover"]

SIDE_RULES: tuple[SideRule, ...] = ("same_side", "may_cross", "both_sides", "midline")
CONFIDENCES: tuple[Confidence, ...] = ("high", "medium", "low")
FREQUENCY_LEVELS: tuple[FrequencyLevel, ...] = ("more_common", "less_common")
SAME_SIDE_SUFFIX = "_S"
OPPOSITE_SIDE_SUFFIX = "_O"


@dataclass(frozen=True, slots=True)
class Term:
    """One entry of a fixed vocabulary (a factor or a feature) with the label a person reads."""

    id: str
    label: str


@dataclass(frozen=True, slots=True)
class Source:
    """A reference key of the clinical reference, e.g. `TS1` (Travell & Simons, Vol. 1)."""

    key: str
    title: str


@dataclass(frozen=True, slots=True)
class FactorNote:
    """An activating or perpetuating factor in the source's own words, mapped onto factor ids."""

    text: str
    factors: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Part:
    """One part of a trigger-point row whose reference entry gives per-part zones.

    Reference B.1: `referral_by_trp` gives distinct zones for different trigger points of one
    row (e.g. quadratus lumborum's superficial upper and lower ones). A part's essential zone is
    a subset of the row's; its spillover adds to the row's spillover nothing outside the row.
    Tokens as in `TriggerPoint` (`_S` / `_O` suffixes).
    """

    id: str
    essential: tuple[str, ...]
    spillover: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PartZones:
    """A part's zones resolved to region ids for one side (see `Part`)."""

    id: str
    essential: tuple[str, ...]
    spillover: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Pattern:
    """A trigger point on one side of the body with its zones resolved to region ids.

    `side` is the side of the trigger point itself, or `midline` for a pattern that has no
    side-dependent region at all. `parts` are the row's per-part zones on this side, if any.
    """

    muscle: str
    trigger_point: str
    side: str
    essential: tuple[str, ...]
    spillover: tuple[str, ...]
    parts: tuple[PartZones, ...] = field(default=(), compare=False)

    def kind_of(self, region_id: str) -> ZoneKind | None:
        """Whether this pattern's essential or spillover zone holds the region, or neither."""
        if region_id in self.essential:
            return "essential"
        if region_id in self.spillover:
            return "spillover"
        return None


@dataclass(frozen=True, slots=True)
class TriggerPoint:
    """One trigger point (or group of neighbouring trigger points) of a muscle and its pattern.

    Zone tokens are region ids, or region stems ending in `_S` (same side as the trigger point)
    or `_O` (opposite side), as in reference B.
    """

    muscle: str
    id: str
    name: str
    locate: str
    sites: tuple[str, ...]
    essential: tuple[str, ...]
    spillover: tuple[str, ...]
    side_rule: SideRule
    activating: tuple[FactorNote, ...]
    perpetuating: tuple[FactorNote, ...]
    features: tuple[str, ...]
    features_text: tuple[str, ...]
    mimics: tuple[str, ...]
    sources: tuple[str, ...]
    confidence: Confidence
    only_side: str | None = None
    other_symptoms: tuple[str, ...] = ()
    # How the reference's rows were read into region ids: for developers and reviewers of the
    # data only. Never shown where people read (pages, reports); the source keys are in `sources`.
    encoding_note: str = ""
    uncertain_notes: tuple[str, ...] = ()
    uncertain_zones: tuple[str, ...] = ()
    parts: tuple[Part, ...] = ()
    patterns: tuple[Pattern, ...] = field(default=(), compare=False)
    factor_ids: frozenset[str] = field(default=frozenset(), compare=False)

    @property
    def key(self) -> str:
        """A stable id across the base: `muscle/trigger_point`."""
        return f"{self.muscle}/{self.id}"

    @property
    def factors(self) -> frozenset[str]:
        """Every factor id named by the activating and perpetuating factors (computed at load)."""
        return self.factor_ids

    @property
    def uncertain(self) -> bool:
        """True when the reference marks part of this pattern as (uncertain)."""
        return bool(self.uncertain_notes or self.uncertain_zones)

    def pattern(self, side: str) -> Pattern:
        """The resolved pattern of this trigger point on `side` (`left`, `right` or `midline`)."""
        for found in self.patterns:
            if found.side == side:
                return found
        raise KeyError(f"{self.key} has no pattern on side {side!r}")


@dataclass(frozen=True, slots=True)
class Muscle:
    """A muscle of the spec (shared/spec/muscles.yaml) with its trigger points and care notes."""

    id: str
    name: str
    label: str
    cautions: tuple[str, ...]
    self_care: tuple[str, ...]
    trigger_points: tuple[TriggerPoint, ...]

    @property
    def sources(self) -> tuple[str, ...]:
        """The source keys of all its trigger points, in first-seen order."""
        return tuple(dict.fromkeys(s for tp in self.trigger_points for s in tp.sources))

    @property
    def confidence(self) -> Confidence:
        """The lowest confidence of its trigger points: as sure as its weakest row."""
        return max((tp.confidence for tp in self.trigger_points), key=CONFIDENCES.index)

    @property
    def factors(self) -> frozenset[str]:
        return frozenset(f for tp in self.trigger_points for f in tp.factors)

    def trigger_point(self, trigger_point_id: str) -> TriggerPoint:
        for tp in self.trigger_points:
            if tp.id == trigger_point_id:
                return tp
        raise KeyError(f"{self.id} has no trigger point {trigger_point_id!r}")


@dataclass(frozen=True, slots=True)
class Frequency:
    """What the reference says about how often a muscle's trigger points cause pain.

    Used only to order patterns that explain a drawing exactly alike (the reference gives no
    numbers): `regions` are zone tokens (`_S` = the trigger point's side) where the statement
    applies, empty for anywhere; `note` says it in plain words, without source keys.
    """

    muscle: str
    level: FrequencyLevel
    regions: tuple[str, ...]
    note: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ZoneHit:
    """A reverse-lookup answer: this trigger point, on this side, refers to the region."""

    muscle: str
    trigger_point: str
    side: str
    kind: ZoneKind


@dataclass(frozen=True)
class KnowledgeBase:
    """The validated knowledge base with its lookups."""

    muscles: Mapping[str, Muscle]
    factors: Mapping[str, Term]
    features: Mapping[str, Term]
    sources: Mapping[str, Source]
    patterns: tuple[Pattern, ...]
    by_region: Mapping[str, tuple[ZoneHit, ...]]
    # Muscle id -> the reference's statement on how often it is the cause (data/frequency.yaml).
    frequency: Mapping[str, Frequency] = field(default_factory=dict)
    # Muscle id -> its trigger points split from one reference row that also gives the row's
    # whole zone (data/split_rows.yaml): the finder scores them together too.
    split_rows: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def muscle(self, muscle_id: str) -> Muscle:
        """The muscle with this id; KeyError names it when unknown."""
        try:
            return self.muscles[muscle_id]
        except KeyError:
            raise KeyError(f"unknown muscle {muscle_id!r}") from None

    def point_label(self, muscle_id: str, trigger_point_id: str) -> str:
        """ "Trapezius: Middle fibres": how every page and message names a trigger point."""
        muscle = self.muscle(muscle_id)
        return f"{muscle.name}: {muscle.trigger_point(trigger_point_id).name}"

    def trigger_points(self) -> tuple[TriggerPoint, ...]:
        """All trigger points, muscle by muscle in spec order."""
        return tuple(tp for m in self.muscles.values() for tp in m.trigger_points)

    def factor_vocabulary(self) -> dict[str, str]:
        """Factor id -> human label, in vocabulary order."""
        return {term.id: term.label for term in self.factors.values()}

    def feature_vocabulary(self) -> dict[str, str]:
        """Feature id -> human label, in vocabulary order."""
        return {term.id: term.label for term in self.features.values()}

    def referring_to(self, region_id: str) -> tuple[ZoneHit, ...]:
        """Trigger points (with side and zone kind) whose referral zones include the region."""
        return self.by_region.get(region_id, ())

    def muscles_referring_to(self, region_id: str) -> tuple[str, ...]:
        """Muscle ids whose trigger points refer to the region, in spec order."""
        return tuple(dict.fromkeys(hit.muscle for hit in self.referring_to(region_id)))
