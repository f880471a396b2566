"""A pain map: the regions a patient marks, each with an intensity 0-10 and optionally a quality.

This is the shape every part of Knotwork exchanges (API, finder, metrics, renderer):
`{"marks": [{"region": "low_back_left", "intensity": 6, "quality": "aching"}], "note": "..."}`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeGuard

from knotwork.domain import anatomy

QUALITIES: tuple[str, ...] = ("aching", "burning", "sharp", "throbbing", "tingling", "numb")
MIN_INTENSITY = 0
MAX_INTENSITY = 10


@dataclass(frozen=True, slots=True)
class Mark:
    """Pain marked on one region: intensity on the 0-10 numeric rating scale."""

    region: str
    intensity: int
    quality: str | None = None


@dataclass(frozen=True, slots=True)
class PainMap:
    """The marks of one drawing, at most one per region, in atlas order.

    `no_pain` is the patient's explicit answer "no pain anywhere today": a drawing with no
    painful region is only recorded with it (`check_recordable`), so that an empty map saved by
    mistake never reads as a day without pain, nor a day without pain as a forgotten drawing.
    """

    marks: tuple[Mark, ...] = ()
    note: str = ""
    no_pain: bool = False

    def intensities(self) -> dict[str, int]:
        """Region id -> intensity, for the marked regions."""
        return {mark.region: mark.intensity for mark in self.marks}

    @property
    def painful(self) -> dict[str, int]:
        """Only the regions with intensity above zero (a 0 mark records 'checked, no pain')."""
        return {mark.region: mark.intensity for mark in self.marks if mark.intensity > 0}


@dataclass(frozen=True, slots=True)
class FieldError:
    """One problem with submitted input, located by a path such as `marks[2].intensity`."""

    field: str
    message: str


@dataclass
class InvalidPainMap(ValueError):
    """The submitted pain map is not valid; `errors` names every bad field."""

    errors: list[FieldError] = field(default_factory=list)

    def __str__(self) -> str:
        return "; ".join(f"{error.field}: {error.message}" for error in self.errors)


def _is_int(value: object) -> TypeGuard[int]:
    # A boolean is an int in Python, but "true" is not a pain score.
    return isinstance(value, int) and not isinstance(value, bool)


def parse_marks(raw_marks: Iterable[object], note: str = "", *, no_pain: bool = False) -> PainMap:
    """Validate raw marks strictly and build a PainMap; raise InvalidPainMap naming bad fields."""
    errors: list[FieldError] = []
    marks: dict[str, Mark] = {}
    for index, raw in enumerate(raw_marks):
        where = f"marks[{index}]"
        if not isinstance(raw, Mapping):
            errors.append(
                FieldError(where, "each mark must be an object with region and intensity")
            )
            continue
        region_id = raw.get("region")
        intensity = raw.get("intensity")
        quality = raw.get("quality")
        if not isinstance(region_id, str) or not anatomy.is_region(region_id):
            errors.append(FieldError(f"{where}.region", f"unknown region {region_id!r}"))
        elif region_id in marks:
            errors.append(FieldError(f"{where}.region", f"region {region_id!r} is marked twice"))
        if not _is_int(intensity) or not MIN_INTENSITY <= intensity <= MAX_INTENSITY:
            errors.append(
                FieldError(
                    f"{where}.intensity",
                    f"intensity must be a whole number 0-10, got {intensity!r}",
                )
            )
        if quality not in (None, "") and quality not in QUALITIES:
            errors.append(
                FieldError(
                    f"{where}.quality",
                    f"unknown quality {quality!r}; use one of {', '.join(QUALITIES)}",
                )
            )
        unknown_keys = set(raw) - {"region", "intensity", "quality"}
        if unknown_keys:
            errors.append(
                FieldError(where, f"unexpected field(s) {', '.join(sorted(unknown_keys))}")
            )
        # The isinstance checks repeat the ones above only for the type checker's sake.
        ok = not any(error.field.startswith(where) for error in errors)
        if ok and isinstance(region_id, str) and _is_int(intensity):
            marks[region_id] = Mark(region_id, intensity, quality or None)
    if errors:
        raise InvalidPainMap(errors)
    order = list(anatomy.regions())
    ordered = tuple(sorted(marks.values(), key=lambda mark: order.index(mark.region)))
    return PainMap(ordered, note, no_pain)


NO_PAIN_QUESTION = "No pain anywhere today?"


class NoPainAnswerNeeded(InvalidPainMap):
    """The drawing marks no pain and does not say "no pain": ask the patient, don't guess."""


def check_recordable(pain_map: PainMap) -> None:
    """Refuse a drawing that marks no pain unless it says `no_pain`, and one that says both.

    A pain map with no painful region (no mark, or only 0 marks) is ambiguous: a day without
    pain, or a drawing left empty by mistake. Only the explicit answer to "No pain anywhere
    today?" records the first; the second is refused, so it never becomes a comparison's
    baseline. 0 marks ("checked, no pain") may stay on a no-pain map.
    """
    if pain_map.no_pain and pain_map.painful:
        raise InvalidPainMap(
            [FieldError("no_pain", "a map that marks pain cannot also say there is no pain")]
        )
    if not pain_map.no_pain and not pain_map.painful:
        raise NoPainAnswerNeeded(
            [
                FieldError(
                    "marks",
                    "no pain is marked: mark where it hurts, or answer "
                    f'"{NO_PAIN_QUESTION}" with yes (no_pain: true)',
                )
            ]
        )


def to_json(pain_map: PainMap) -> dict[str, Any]:
    """The exchange shape of a pain map."""
    return {
        "marks": [
            {"region": m.region, "intensity": m.intensity, "quality": m.quality}
            for m in pain_map.marks
        ],
        "note": pain_map.note,
    }
