"""Instrument packs: licensed item wording a clinic holds, loaded beside our bundled definitions.

Knotwork ships item wording only where section D says the licence allows it (NPRS, PSFS, the
stress rating). For the others (ODI, RMDQ, NDI, STarT Back, PSS-10) a clinic that holds the
wording loads it from a pack file, YAML or JSON:

    format: knotwork-instrument-pack/1
    instrument: odi                 # an instrument id
    version: "2.1a"                 # must equal the bundled definition's version
    language: en
    licence: "Licensed to Example Clinic by Mapi Research Trust, agreement 1234"
    instructions: "..."             # optional
    items:                          # one per item, numbers 1..N, none missing, none extra
      - number: 1
        text: "..."
        options:                    # choice items: exactly the definition's option numbers
          - {value: 0, text: "..."}
        anchors: {0: "...", 10: "..."}   # scale items (0-10): optional anchor wording
    anchors: {0: "...", 10: "..."}  # PSFS only (variable number of activities): no `items`

`load_pack(path)` validates the pack against the definition and raises `PackError` listing
every problem; `apply_pack(definition, pack)` returns the definition with that wording. Scoring
never depends on a pack.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from knotwork.domain.outcomes.definitions import Instrument, Option, instrument, instruments

PACK_FORMAT = "knotwork-instrument-pack/1"


class PackError(ValueError):
    """A pack that does not match its instrument; `problems` lists each mismatch."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = tuple(problems)


@dataclass(frozen=True, slots=True)
class PackItem:
    """Licensed wording of one item: its text and the text of each response option or anchor."""

    number: int
    text: str
    options: Mapping[int, str]


@dataclass(frozen=True, slots=True)
class InstrumentPack:
    """Licensed wording for one instrument, as a clinic loaded it."""

    instrument: str
    version: str
    language: str
    licence: str
    instructions: str
    items: tuple[PackItem, ...]
    anchors: Mapping[int, str]


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _numbered(raw: Any) -> dict[int, str]:
    if isinstance(raw, Mapping):
        return {int(key): _text(value) for key, value in raw.items()}
    return {int(row["value"]): _text(row.get("text")) for row in raw or ()}


def _check_item(definition: Instrument, row: Mapping[str, Any], problems: list[str]) -> PackItem:
    number = int(row.get("number", 0))
    where = f"item {number}"
    if not 1 <= number <= definition.item_count:
        problems.append(f"{where}: {definition.id} has items 1 to {definition.item_count}")
        return PackItem(number, "", {})
    response = definition.item(number).response
    if not _text(row.get("text")):
        problems.append(f"{where}: text is empty")
    if response.options:
        options = _numbered(row.get("options"))
        if sorted(options) != sorted(response.values):
            problems.append(
                f"{where}: options {sorted(options)} do not match the instrument's "
                f"{list(response.values)}"
            )
    else:
        options = _numbered(row.get("anchors") or {})
        outside = [value for value in options if value not in response.values]
        if outside:
            problems.append(f"{where}: anchors {outside} are outside {response.describe()}")
    if any(not text for text in options.values()):
        problems.append(f"{where}: an option has no text")
    return PackItem(number, _text(row.get("text")), options)


def parse_pack(data: Mapping[str, Any]) -> InstrumentPack:
    """Validate pack data (already read from YAML or JSON) against its instrument definition."""
    problems: list[str] = []
    if data.get("format") != PACK_FORMAT:
        problems.append(f"format must be {PACK_FORMAT!r}")
    instrument_id = data.get("instrument")
    if instrument_id not in instruments():
        raise PackError([*problems, f"unknown instrument {instrument_id!r}"])
    definition = instrument(instrument_id)
    # A pack of another version (e.g. PSFS 2.0, which inverts the scale) must not be mixed in.
    if str(data.get("version")) != definition.version:
        problems.append(f"version {data.get('version')!r} is not {definition.version!r}")
    if not _text(data.get("licence")):
        problems.append("licence: say who licensed this wording to the clinic")
    rows = data.get("items") or []
    if definition.variable and rows:
        problems.append(f"{definition.id}: the patient names the items; give only anchors")
    items = tuple(_check_item(definition, row, problems) for row in rows)
    numbers = [item.number for item in items]
    if not definition.variable:
        missing = sorted(set(range(1, definition.item_count + 1)) - set(numbers))
        if missing:
            problems.append(f"items missing: {missing}")
        if len(numbers) != len(set(numbers)):
            problems.append("an item number appears twice")
    anchors = _numbered(data.get("anchors") or {})
    if anchors and not definition.variable:
        problems.append("anchors at the top level are only for PSFS; put them on the items")
    if problems:
        raise PackError(problems)
    return InstrumentPack(
        instrument=definition.id,
        version=definition.version,
        language=_text(data.get("language")) or "en",
        licence=_text(data.get("licence")),
        instructions=_text(data.get("instructions")),
        items=tuple(sorted(items, key=lambda item: item.number)),
        anchors=anchors,
    )


def load_pack(path: str | Path) -> InstrumentPack:
    """Read a pack file (.json, or YAML otherwise) and validate it; `PackError` on mismatch."""
    text = Path(path).read_text(encoding="utf-8")
    data = json.loads(text) if str(path).endswith(".json") else yaml.safe_load(text)
    if not isinstance(data, Mapping):
        raise PackError(["a pack is a mapping with format, instrument, version and items"])
    return parse_pack(data)


def apply_pack(definition: Instrument, pack: InstrumentPack) -> Instrument:
    """The definition with the pack's wording on its items and options; scoring is unchanged."""
    if pack.instrument != definition.id:
        raise PackError([f"pack is for {pack.instrument}, not {definition.id}"])
    by_number = {item.number: item for item in pack.items}
    items = []
    for item in definition.items:
        worded = by_number.get(item.number)
        response = item.response
        labels = worded.options if worded else pack.anchors
        if response.options and labels:
            options = tuple(Option(o.value, labels[o.value]) for o in response.options)
            response = replace(response, options=options)
        elif labels:
            response = replace(response, anchors={**(response.anchors or {}), **labels})
        items.append(replace(item, text=worded.text if worded else item.text, response=response))
    return replace(
        definition,
        items=tuple(items),
        instructions=pack.instructions or definition.instructions,
    )
