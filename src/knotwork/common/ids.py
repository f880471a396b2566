"""The spec's ids and dates as API field types: what the document lists is what validation takes.

Each id type is `str` for the code and the type checker, and for the API both an `enum` in the
OpenAPI document and a check with the domain's own message (`unknown region 'x'`): the list is
read from the domain's data (the atlas, the knowledge base, the instrument definitions) when
the module loads, never typed a second time. `IsoDate` is a date written `YYYY-MM-DD`, the only
form the document's `format: date` allows (pydantic alone would also take a number of seconds).
`on_or_before_today` / `on_or_after_today` add the day's bound to the document as a pattern,
worked out when the document is asked for, so a date the API refuses for being in the future
(or the past) is outside the document too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from django.utils import timezone
from pydantic import BeforeValidator, GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from knotwork.domain import anatomy, knowledge, outcomes, painmap
from knotwork.domain.safety import flags


@dataclass(frozen=True)
class OneOf:
    """Annotated metadata: the value is one of `ids`; refused as `unknown <what> 'x'`."""

    ids: tuple[str, ...]
    what: str
    hint: bool = False
    # "" also accepted (and listed): the field's "none given".
    blank: bool = False

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self._check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema["enum"] = ["", *self.ids] if self.blank else list(self.ids)
        return json_schema

    def _check(self, value: str) -> str:
        if value not in self.ids and not (self.blank and value == ""):
            known = f"; use {', '.join(self.ids)}" if self.hint else ""
            raise ValueError(f"unknown {self.what} {value!r}{known}")
        return value


def _ids(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


_KB = knowledge.load()

REGION_IDS = _ids(anatomy.regions())
QUALITY_IDS = _ids(painmap.QUALITIES)
FACTOR_IDS = _ids(_KB.factors)
FEATURE_IDS = _ids(_KB.features)
MUSCLE_IDS = _ids(_KB.muscles)
TRIGGER_POINT_IDS = _ids(tp.id for tp in _KB.trigger_points())
INSTRUMENT_IDS = _ids(outcomes.INSTRUMENT_IDS)
SIDE_IDS = _ids(anatomy.SIDES)
RED_FLAG_IDS = _ids([*flags.red_flags(), *flags.pre_session_questions()])
PRE_SESSION_IDS = _ids(flags.pre_session_questions())

RegionId = Annotated[str, OneOf(REGION_IDS, "region")]
QualityId = Annotated[str, OneOf(QUALITY_IDS, "quality", hint=True)]
# A mark's quality: one of the qualities, or "" (or null) for none named.
MarkQuality = Annotated[str, OneOf(QUALITY_IDS, "quality", hint=True, blank=True)]
FactorId = Annotated[str, OneOf(FACTOR_IDS, "factor")]
FeatureId = Annotated[str, OneOf(FEATURE_IDS, "feature")]
MuscleId = Annotated[str, OneOf(MUSCLE_IDS, "muscle")]
TriggerPointId = Annotated[str, OneOf(TRIGGER_POINT_IDS, "trigger point")]
InstrumentId = Annotated[str, OneOf(INSTRUMENT_IDS, "instrument", hint=True)]
SideId = Annotated[str, OneOf(SIDE_IDS, "side", hint=True)]
FindingKey = Annotated[str, OneOf(RED_FLAG_IDS, "finding")]
PreSessionId = Annotated[str, OneOf(PRE_SESSION_IDS, "question")]


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_text(value: object) -> object:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise ValueError(f"must be a date written YYYY-MM-DD, got {value!r}")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_text)]


# --- Dates bounded by today, as a pattern of the document --------------------------------------


def date_pattern(bound: date, *, after: bool) -> str:
    """A regex of the YYYY-MM-DD texts on or after (`after`) or on or before `bound`.

    Text order is date order in this fixed-width form, so the bound is a digit-by-digit
    comparison of the eight digits: the bound itself, or its first i digits, then a greater
    (or smaller) digit, then any. A date that does not exist (month 13) is refused by the
    document's `format: date` and by the parser alike.
    """
    digits = bound.strftime("%Y%m%d")
    choices = [list(digits)]
    for i, digit in enumerate(digits):
        d = int(digit)
        if after and d < 9:
            other = f"[{d + 1}-9]" if d < 8 else "9"
        elif not after and d > 0:
            other = f"[0-{d - 1}]" if d > 1 else "0"
        else:
            continue
        choices.append([*digits[:i], other, *([r"\d"] * (len(digits) - i - 1))])
    dashed = ["".join(c[:4]) + "-" + "".join(c[4:6]) + "-" + "".join(c[6:]) for c in choices]
    return "^(?:" + "|".join(dashed) + ")$"


def _bound_by_today(*, after: bool) -> Callable[[dict[str, Any]], None]:
    def extra(json_schema: dict[str, Any]) -> None:
        json_schema["pattern"] = date_pattern(timezone.localdate(), after=after)

    return extra


def on_or_before_today() -> Callable[[dict[str, Any]], None]:
    """`Field(json_schema_extra=...)` of a date the API refuses when it is after today."""
    return _bound_by_today(after=False)


def on_or_after_today() -> Callable[[dict[str, Any]], None]:
    """`Field(json_schema_extra=...)` of a date the API refuses when it is before today."""
    return _bound_by_today(after=True)
