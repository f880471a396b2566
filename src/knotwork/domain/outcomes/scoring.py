"""Scoring of outcome instruments exactly as clinical-reference.md section D says.

`score(instrument_id, answers)` takes one answer per item, each the response option number the
instrument defines (None = missing), and returns a `ScoreResult`. Answers outside an item's
options, or the wrong number of answers, raise `AnswerError` naming the item; too many missing
answers are not an error but give `valid=False` and no score, with the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType
from typing import Any

from knotwork.domain.outcomes.definitions import Instrument, instrument

Answer = int | None
Number = int | float


class AnswerError(ValueError):
    """An answer that does not fit the instrument; `item` is its 1-based number (0 = the count)."""

    def __init__(self, instrument_id: str, item: int, message: str) -> None:
        super().__init__(message)
        self.instrument = instrument_id
        self.item = item


@dataclass(frozen=True, slots=True)
class ScoreResult:
    """An instrument's conventional score with its band, answered count, validity and subscales.

    `score` is None when `valid` is False (too many missing answers; `reason` says why). `percent`
    is set beside a raw score that is conventionally also read as a percent (NDI).
    """

    instrument: str
    score: Number | None
    band: str | None
    answered: int
    valid: bool
    subscales: Mapping[str, Number] = field(default_factory=lambda: MappingProxyType({}))
    percent: float | None = None
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of `knotwork score --json`; `percent` and `reason` only when set."""
        shown: dict[str, Any] = {
            "instrument": self.instrument,
            "score": self.score,
            "band": self.band,
            "answered": self.answered,
            "valid": self.valid,
            "subscales": dict(self.subscales),
        }
        if self.percent is not None:
            shown["percent"] = self.percent
        if self.reason:
            shown["reason"] = self.reason
        return shown


def round_half_up(value: float, decimals: int) -> float:
    """Round as people do on paper (35.55 -> 35.6), not to even as Python's round() does."""
    step = Decimal(1).scaleb(-decimals)
    return float(Decimal(str(value)).quantize(step, rounding=ROUND_HALF_UP))


def check_answers(definition: Instrument, answers: Sequence[Answer]) -> tuple[Answer, ...]:
    """The answers unchanged when each fits its item; otherwise `AnswerError` naming the item."""
    if definition.repeat is not None:
        low, high = definition.repeat
        if not low <= len(answers) <= high:
            raise AnswerError(
                definition.id,
                0,
                f"{definition.id} takes {low} to {high} answers, not {len(answers)}",
            )
    elif len(answers) != definition.item_count:
        raise AnswerError(
            definition.id,
            0,
            f"{definition.id} takes {definition.item_count} answers, not {len(answers)}",
        )
    for number, answer in enumerate(answers, start=1):
        if answer is None:
            continue
        item = definition.item(number)
        if isinstance(answer, bool) or not isinstance(answer, int):
            raise AnswerError(definition.id, number, f"item {number}: {answer!r} is not a number")
        if answer not in item.response.values:
            raise AnswerError(
                definition.id,
                number,
                f"item {number} ({item.label}): {answer} is not an option; "
                f"use {item.response.describe()}",
            )
    return tuple(answers)


def _answered(answers: Sequence[Answer]) -> list[int]:
    return [answer for answer in answers if answer is not None]


def _invalid(definition: Instrument, answered: int, reason: str) -> ScoreResult:
    return ScoreResult(definition.id, None, None, answered, False, reason=reason)


def _banded(definition: Instrument, value: Number) -> str | None:
    band = definition.band_for(value)
    return band.id if band else None


def _too_few(definition: Instrument, answered: int) -> ScoreResult | None:
    needed = int(definition.scoring.get("min_answered", 1))
    if answered >= needed:
        return None
    return _invalid(
        definition,
        answered,
        f"{answered} of {definition.item_count} items answered; at least {needed} needed",
    )


def _single_item(definition: Instrument, answers: Sequence[Answer]) -> ScoreResult:
    """NPRS and the stress rating: the number itself (D.2, D.8)."""
    given = _answered(answers)
    if not given:
        return _invalid(definition, 0, "no answer")
    return ScoreResult(definition.id, given[0], _banded(definition, given[0]), 1, True)


def _percent_of_answered(definition: Instrument, answers: Sequence[Answer]) -> ScoreResult:
    """ODI 2.1a: sum / (5 x sections answered) x 100, one decimal (D.3, ODI-SCORING)."""
    given = _answered(answers)
    if refused := _too_few(definition, len(given)):
        return refused
    percent = round_half_up(sum(given) / (5 * len(given)) * 100, definition.scoring["decimals"])
    return ScoreResult(definition.id, percent, _banded(definition, percent), len(given), True)


def _prorated_sum(definition: Instrument, answers: Sequence[Answer]) -> ScoreResult:
    """NDI: raw 0-50, a missing section taking the mean of the others; percent = raw x 2 (D.7)."""
    given = _answered(answers)
    if refused := _too_few(definition, len(given)):
        return refused
    if len(given) == definition.item_count:
        raw: Number = sum(given)
    else:
        raw = round_half_up(sum(given) * definition.item_count / len(given), 1)
    # The percent is exactly twice the raw score shown (reference D.7: percent = raw x 2), so
    # the two figures a therapist reads never disagree (1.3 raw is 2.6 %, not 2.5 %).
    percent = round_half_up(raw * 2, 1)
    return ScoreResult(
        definition.id, raw, _banded(definition, raw), len(given), True, percent=percent
    )


def _count_ticked(definition: Instrument, answers: Sequence[Answer]) -> ScoreResult:
    """RMDQ-24: the number of ticked statements; more than 2 unanswered is invalid (D.4)."""
    given = _answered(answers)
    missing = len(answers) - len(given)
    allowed = int(definition.scoring["max_missing"])
    if missing > allowed:
        return _invalid(
            definition, len(given), f"{missing} items unanswered; at most {allowed} allowed"
        )
    ticked = sum(given)
    return ScoreResult(definition.id, ticked, _banded(definition, ticked), len(given), True)


def _mean(definition: Instrument, answers: Sequence[Answer]) -> ScoreResult:
    """PSFS: the mean of the activity ratings, each activity kept as a subscale (D.5)."""
    given = _answered(answers)
    if not given:
        return _invalid(definition, 0, "no activity rated")
    mean = round_half_up(sum(given) / len(given), definition.scoring["decimals"])
    activities = {
        f"activity_{number}": answer
        for number, answer in enumerate(answers, start=1)
        if answer is not None
    }
    return ScoreResult(
        definition.id, mean, None, len(given), True, subscales=MappingProxyType(activities)
    )


def _start_back(definition: Instrument, answers: Sequence[Answer]) -> ScoreResult:
    """Keele STarT Back: total 0-9, psychosocial subscale (items 5-9) 0-5 and risk group (D.6)."""
    given = _answered(answers)
    if refused := _too_few(definition, len(given)):
        return refused
    positive_from = int(definition.scoring["item_9_positive_from"])
    # Items 1-8 are already 0 (disagree) or 1 (agree); item 9 counts only "very much" or above.
    points = [*answers[:8], 1 if answers[8] is not None and answers[8] >= positive_from else 0]
    total = sum(p for p in points if p is not None)
    psychosocial = sum(points[n - 1] or 0 for n in definition.scoring["psychosocial_items"])
    risk = definition.extra["risk"]
    if total <= risk["low"]["total_max"]:
        band = "low"
    elif psychosocial <= risk["medium"]["psychosocial_max"]:
        band = "medium"
    else:
        band = "high"
    return ScoreResult(
        definition.id,
        total,
        band,
        len(given),
        True,
        subscales=MappingProxyType({"psychosocial": psychosocial}),
    )


def _sum_with_reversed(definition: Instrument, answers: Sequence[Answer]) -> ScoreResult:
    """PSS-10: sum 0-40 with items 4, 5, 7, 8 reversed (4 - answer); any missing = no score."""
    given = _answered(answers)
    if refused := _too_few(definition, len(given)):
        return refused
    reverse = set(definition.scoring["reverse_items"])
    top = int(definition.scoring["reverse_from"])
    total = sum(
        top - answer if number in reverse else answer
        for number, answer in enumerate(answers, start=1)
        if answer is not None
    )
    return ScoreResult(definition.id, total, _banded(definition, total), len(given), True)


METHODS: dict[str, Callable[[Instrument, Sequence[Answer]], ScoreResult]] = {
    "single_item": _single_item,
    "percent_of_answered": _percent_of_answered,
    "prorated_sum": _prorated_sum,
    "count_ticked": _count_ticked,
    "mean": _mean,
    "start_back": _start_back,
    "sum_with_reversed": _sum_with_reversed,
}


def score(instrument_id: str, answers: Sequence[Answer]) -> ScoreResult:
    """Score one completed instrument; `AnswerError` names the first answer that does not fit."""
    definition = instrument(instrument_id)
    checked = check_answers(definition, answers)
    return METHODS[definition.method](definition, checked)
