"""Instrument definitions: the questionnaires of clinical-reference.md section D, loaded from data.

Each instrument is a YAML file in `outcomes/data/` (item count, response options, scoring
parameters, bands, MCID rules, licence, suitability, source keys). The loader validates each file
and builds frozen `Instrument` values; scoring itself lives in `scoring.py`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml

INSTRUMENT_IDS: tuple[str, ...] = (
    "nprs",
    "odi",
    "rmdq",
    "ndi",
    "psfs",
    "start_back",
    "pss10",
    "stress",
)
Direction = Literal["worse", "better"]
Baseline = Literal["recommended", "alternative", "optional"]


class DefinitionError(ValueError):
    """A bundled instrument file that does not describe a usable instrument."""


class UnknownInstrument(KeyError):
    """An instrument id Knotwork does not define."""


@dataclass(frozen=True, slots=True)
class Option:
    """One response option: the number entered for it and a short label."""

    value: int
    label: str


@dataclass(frozen=True, slots=True)
class Response:
    """How one item is answered: a list of options, or an integer scale with anchor labels."""

    key: str
    options: tuple[Option, ...] = ()
    minimum: int = 0
    maximum: int = 0
    anchors: Mapping[int, str] | None = None

    @property
    def values(self) -> tuple[int, ...]:
        """Every number a patient may enter for this item, in order."""
        if self.options:
            return tuple(option.value for option in self.options)
        return tuple(range(self.minimum, self.maximum + 1))

    def describe(self) -> str:
        """The options as one line, e.g. `0 Disagree, 1 Agree` or `0-10 (0 No pain ...)`."""
        if self.options:
            return ", ".join(f"{option.value} {option.label}" for option in self.options)
        ends = ", ".join(f"{value} = {label}" for value, label in (self.anchors or {}).items())
        return f"{self.minimum}-{self.maximum}" + (f" ({ends})" if ends else "")


@dataclass(frozen=True, slots=True)
class Item:
    """One question: its 1-based number, our short label, wording when shipped, and response."""

    number: int
    label: str
    response: Response
    text: str | None = None


@dataclass(frozen=True, slots=True)
class Band:
    """A named range of the score, bounds inclusive, as printed in the source."""

    id: str
    label: str
    minimum: float
    maximum: float


@dataclass(frozen=True, slots=True)
class McidRule:
    """A minimal clinically important change: `points`, or `percent` of the baseline, whichever."""

    key: str
    points: float
    percent: float | None
    note: str
    sources: tuple[str, ...]
    # The minimal detectable change: a smaller change is measurement error, never a verdict.
    # None where the reference gives none (or none with a source); `mdc_note` then says so.
    mdc: float | None = None
    mdc_note: str = ""
    mdc_sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Suitability:
    """Which pain types an instrument suits as a baseline measure, and how strongly."""

    pain_types: tuple[str, ...]
    baseline: Baseline
    note: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Instrument:
    """A scored outcome instrument (questionnaire) as defined in section D of the reference."""

    id: str
    name: str
    version: str
    timeframe: str
    higher_is: Direction
    instructions: str
    items: tuple[Item, ...]
    repeat: tuple[int, int] | None
    method: str
    # The lowest and highest score (scoring.range): every chart's axis.
    score_range: tuple[float, float]
    scoring: Mapping[str, Any]
    bands: tuple[Band, ...]
    bands_uncertain: bool
    mcid_rules: tuple[McidRule, ...]
    mcid_default: str | None
    mcid_caveat: str
    suits: Suitability
    ships_wording: bool
    licence: str
    sources: tuple[str, ...]
    extra: Mapping[str, Any]

    @property
    def item_count(self) -> int:
        """The fixed number of items; for a variable instrument (PSFS) its maximum."""
        return len(self.items)

    @property
    def variable(self) -> bool:
        """True when the patient chooses how many items to answer (PSFS activities)."""
        return self.repeat is not None

    def item(self, number: int) -> Item:
        """Item `number` (1-based)."""
        return self.items[number - 1]

    def mcid(self, key: str | None = None) -> McidRule | None:
        """The MCID rule named `key`, or the instrument's default rule; None when none exists."""
        wanted = key or self.mcid_default
        for rule in self.mcid_rules:
            if rule.key == wanted:
                return rule
        if key is not None:
            raise KeyError(f"{self.id} has no MCID rule {key!r}")
        return None

    def band_for(self, score: float) -> Band | None:
        """The printed band holding `score`, after rounding it half up to a whole number."""
        # Bands are printed as whole-number ranges (e.g. ODI 0-20, 21-40); rounding first leaves
        # no gap for a score such as 20.5, which belongs with 21.
        whole = int(score + 0.5)
        for band in self.bands:
            if band.minimum <= whole <= band.maximum:
                return band
        return None


def _require(row: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in row:
        raise DefinitionError(f"{where}: missing {key!r}")
    return row[key]


def _response(key: str, row: Mapping[str, Any], where: str) -> Response:
    if "options" in row:
        options = tuple(Option(int(o["value"]), str(o["label"])) for o in row["options"])
        values = [option.value for option in options]
        if len(set(values)) != len(values) or not values:
            raise DefinitionError(f"{where}: response {key!r} needs distinct option values")
        return Response(key, options=options)
    scale = _require(row, "scale", f"{where}: response {key!r}")
    anchors = {int(value): str(label) for value, label in (row.get("anchors") or {}).items()}
    return Response(key, minimum=int(scale["min"]), maximum=int(scale["max"]), anchors=anchors)


def _items(
    raw: Mapping[str, Any], responses: Mapping[str, Response], where: str
) -> tuple[tuple[Item, ...], tuple[int, int] | None]:
    if "repeat" in raw:
        repeat = raw["repeat"]
        response = responses[repeat["response"]]
        items = tuple(
            Item(n, repeat["label"].format(n=n), response) for n in range(1, int(repeat["max"]) + 1)
        )
        return items, (int(repeat["min"]), int(repeat["max"]))
    listed: list[Item] = []
    for number, row in enumerate(_require(raw, "items", where), start=1):
        if row["response"] not in responses:
            raise DefinitionError(f"{where}: item {number} uses unknown response {row['response']}")
        listed.append(Item(number, str(row["label"]), responses[row["response"]], row.get("text")))
    return tuple(listed), None


def _bands(raw: Mapping[str, Any]) -> tuple[tuple[Band, ...], bool]:
    section = raw.get("bands") or {}
    bands = tuple(
        Band(str(b["id"]), str(b["label"]), float(b["min"]), float(b["max"]))
        for b in section.get("ranges", ())
    )
    return bands, bool(section.get("uncertain", False))


def _mcid_rule(r: Mapping[str, Any]) -> McidRule:
    """One MCID rule; its `mdc` block must say the reference's MDC or that it has none."""
    mdc = r.get("mdc")
    if not isinstance(mdc, Mapping) or not str(mdc.get("note", "")).strip():
        raise DefinitionError(
            f"MCID rule {r.get('key')!r}: an `mdc` block with a note is required (the minimal "
            "detectable change, or a sentence saying the reference gives none)"
        )
    points = mdc.get("points")
    if points is not None and not mdc.get("sources"):
        raise DefinitionError(f"MCID rule {r.get('key')!r}: an MDC needs its sources")
    return McidRule(
        str(r["key"]),
        float(r["points"]),
        float(r["percent"]) if r.get("percent") is not None else None,
        str(r.get("note", "")),
        tuple(r.get("sources", ())),
        mdc=float(points) if points is not None else None,
        mdc_note=" ".join(str(mdc["note"]).split()),
        mdc_sources=tuple(mdc.get("sources", ())),
    )


def _mcid(raw: Mapping[str, Any]) -> tuple[tuple[McidRule, ...], str | None, str]:
    section = raw.get("mcid") or {}
    rules = tuple(_mcid_rule(r) for r in section.get("rules", ()))
    return rules, section.get("default"), str(section.get("caveat", ""))


def _score_range(value: Any, where: str) -> tuple[float, float]:
    numbers = (int, float)
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(v, numbers) and not isinstance(v, bool) for v in value)
        or not value[0] < value[1]
    ):
        raise DefinitionError(f"{where}: scoring.range must be [lowest, highest], got {value!r}")
    return float(value[0]), float(value[1])


def build(raw: Mapping[str, Any]) -> Instrument:
    """Validate one instrument mapping (as read from YAML) and build the `Instrument`."""
    where = f"instrument {raw.get('id', '?')}"
    responses = {
        key: _response(key, row, where) for key, row in _require(raw, "responses", where).items()
    }
    items, repeat = _items(raw, responses, where)
    bands, bands_uncertain = _bands(raw)
    rules, default, caveat = _mcid(raw)
    if default is not None and default not in {rule.key for rule in rules}:
        raise DefinitionError(f"{where}: default MCID {default!r} is not among its rules")
    suits = _require(raw, "suits", where)
    licence = _require(raw, "licence", where)
    if not licence.get("ships_wording") and any(item.text for item in items):
        raise DefinitionError(f"{where}: licence forbids shipping wording but an item has text")
    scoring = _require(raw, "scoring", where)
    score_range = _score_range(_require(scoring, "range", where), where)
    known = {"id", "name", "version", "timeframe", "higher_is", "instructions", "responses"}
    known |= {"items", "repeat", "scoring", "bands", "mcid", "suits", "licence", "sources"}
    return Instrument(
        id=str(raw["id"]),
        name=str(_require(raw, "name", where)),
        version=str(raw.get("version", "")),
        timeframe=str(raw.get("timeframe", "")),
        higher_is=_require(raw, "higher_is", where),
        instructions=str(raw.get("instructions", "")),
        items=items,
        repeat=repeat,
        method=str(_require(scoring, "method", where)),
        score_range=score_range,
        scoring=dict(scoring),
        bands=bands,
        bands_uncertain=bands_uncertain,
        mcid_rules=rules,
        mcid_default=default,
        mcid_caveat=caveat,
        suits=Suitability(
            tuple(suits["pain_types"]),
            suits["baseline"],
            str(suits.get("note", "")),
            tuple(suits.get("sources", ())),
        ),
        ships_wording=bool(licence.get("ships_wording")),
        licence=str(licence.get("summary", "")),
        sources=tuple(raw.get("sources", ())),
        extra={key: value for key, value in raw.items() if key not in known},
    )


def _read(name: str) -> dict[str, Any]:
    text = resources.files("knotwork.domain.outcomes").joinpath(f"data/{name}.yaml").read_text()
    data: dict[str, Any] = yaml.safe_load(text)
    return data


@cache
def instruments() -> dict[str, Instrument]:
    """Every bundled instrument by id, in the order of `INSTRUMENT_IDS`."""
    found = {}
    for instrument_id in INSTRUMENT_IDS:
        raw = _read(instrument_id)
        if raw.get("id") != instrument_id:
            raise DefinitionError(f"data/{instrument_id}.yaml declares id {raw.get('id')!r}")
        found[instrument_id] = build(raw)
    return found


def instrument(instrument_id: str) -> Instrument:
    """The instrument with this id; `UnknownInstrument` names the id when there is none."""
    try:
        return instruments()[instrument_id]
    except KeyError:
        raise UnknownInstrument(instrument_id) from None


@cache
def pressure_data() -> dict[str, Any]:
    """The pressure pain threshold data of section D.9 (units, protocol, side difference)."""
    return _read("ppt")
