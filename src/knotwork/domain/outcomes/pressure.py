"""Pressure pain threshold (PPT): conversions between units and the mean of trials (section D.9).

PPT is the least pressure at which pressure first turns into pain (Fischer). Units: kg/cm2,
kPa, N/cm2, and lbf/cm2 for gauges that read pounds-force over the standard 1 cm2 tip.
1 kg/cm2 = 98.07 kPa = 9.807 N/cm2; 1 N/cm2 = 10 kPa; 1 lbf = 4.448 N (D.9).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from types import MappingProxyType

from knotwork.domain.outcomes.definitions import pressure_data
from knotwork.domain.outcomes.scoring import ScoreResult, round_half_up

UNITS: tuple[str, ...] = ("kg/cm2", "kPa", "N/cm2", "lbf/cm2")


class UnknownUnit(ValueError):
    """A pressure unit that Knotwork does not convert."""


def _kpa_per(unit: str) -> float:
    table = pressure_data()["units"]
    if unit not in table:
        raise UnknownUnit(f"unknown pressure unit {unit!r}; use one of {', '.join(UNITS)}")
    return float(table[unit])


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """`value` in `from_unit` expressed in `to_unit`, unrounded."""
    return value * _kpa_per(from_unit) / _kpa_per(to_unit)


@dataclass(frozen=True, slots=True)
class Threshold:
    """One site's threshold: the mean of its trials, in every unit (rounded for display)."""

    kg_cm2: float
    kpa: float
    n_cm2: float
    trials: int


def threshold(trials: Sequence[float], unit: str = "kg/cm2") -> Threshold:
    """The mean of the trial readings (3 are recommended) converted to each unit."""
    readings = [float(trial) for trial in trials]
    if not readings:
        raise ValueError("at least one trial reading is needed")
    if any(reading < 0 for reading in readings):
        raise ValueError("a pressure reading cannot be negative")
    mean = sum(readings) / len(readings)
    return Threshold(
        kg_cm2=round_half_up(convert(mean, unit, "kg/cm2"), 2),
        kpa=round_half_up(convert(mean, unit, "kPa"), 1),
        n_cm2=round_half_up(convert(mean, unit, "N/cm2"), 2),
        trials=len(readings),
    )


def score_threshold(trials: Sequence[float], unit: str = "kg/cm2") -> ScoreResult:
    """The threshold as a `ScoreResult`: score in kg/cm2, kPa and N/cm2 as subscales."""
    found = threshold(trials, unit)
    return ScoreResult(
        "ppt",
        found.kg_cm2,
        None,
        found.trials,
        True,
        subscales=MappingProxyType(
            {"kg_cm2": found.kg_cm2, "kpa": found.kpa, "n_cm2": found.n_cm2}
        ),
    )


@dataclass(frozen=True, slots=True)
class SideDifference:
    """Left against right at one site; `notable` when the gap reaches Fischer's figure."""

    difference_kg_cm2: float
    notable: bool
    uncertain: bool
    note: str


def side_difference(left: float, right: float, unit: str = "kg/cm2") -> SideDifference:
    """Compare the two sides; about 2 kg/cm2 suggests abnormal tenderness (Fischer, uncertain)."""
    rule = pressure_data()["side_difference"]
    # Compare the displayed (rounded) gap so that 2.00 on screen is never "not notable" because
    # of a floating-point remainder from the unit conversion.
    gap = round_half_up(abs(convert(left, unit, "kg/cm2") - convert(right, unit, "kg/cm2")), 2)
    return SideDifference(
        difference_kg_cm2=gap,
        notable=gap >= float(rule["kg_cm2"]),
        uncertain=bool(rule["uncertain"]),
        note=str(rule["note"]),
    )
