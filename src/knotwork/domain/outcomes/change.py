"""Change from baseline judged by each instrument's MCID rule (clinical-reference.md section D).

MCID (minimal clinically important difference): the smallest change a patient would notice as
meaningful. A rule gives points and, for some instruments, a percent of the baseline; a change
meets it when it reaches either (e.g. NPRS: 2 points or 30 %, Ostelo 2008).

Worsening follows the same rule as improvement, mirrored: the points, or the percent of the
baseline (ODI 10 -> 19, +90 %, is worse). Neither is ever called when the change is smaller than
the rule's minimal detectable change (MDC: below it a change cannot be told from measurement
error; NPRS 2 -> 1 or RMDQ 3 -> 2 is "no meaningful change" however large its percent). Where the
reference gives no MDC (or none with a source), the explanation says so instead of inventing one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from knotwork.domain.citations import cite
from knotwork.domain.outcomes.definitions import McidRule, instrument
from knotwork.domain.outcomes.scoring import Number, ScoreResult, round_half_up

Verdict = Literal["improved", "no_meaningful_change", "worse", "no_rule", "not_comparable"]


@dataclass(frozen=True, slots=True)
class Change:
    """A follow-up score against the baseline: the figures, the rule applied and the verdict.

    `difference` is follow-up minus baseline; `improvement` is the same change signed so that a
    positive number is always better for the patient (for ODI a fall, for PSFS a rise).
    """

    instrument: str
    baseline: Number | None
    follow_up: Number | None
    difference: float | None
    improvement: float | None
    percent_change: float | None
    verdict: Verdict
    rule: str | None
    threshold_points: float | None
    threshold_percent: float | None
    explanation: str
    sources: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """A plain mapping for JSON and templates."""
        return {
            "instrument": self.instrument,
            "baseline": self.baseline,
            "follow_up": self.follow_up,
            "difference": self.difference,
            "improvement": self.improvement,
            "percent_change": self.percent_change,
            "verdict": self.verdict,
            "rule": self.rule,
            "threshold_points": self.threshold_points,
            "threshold_percent": self.threshold_percent,
            "explanation": self.explanation,
            "sources": list(self.sources),
        }


def _value(result: ScoreResult | Number | None) -> Number | None:
    if isinstance(result, ScoreResult):
        return result.score if result.valid else None
    return result


def _meets(mcid: McidRule, amount: float, percent: float | None) -> bool:
    """A change of `amount` points (`percent` of the baseline) in one direction meets the MCID."""
    by_percent = mcid.percent is not None and percent is not None and percent >= mcid.percent
    return amount > 0 and (amount >= mcid.points or by_percent)


def _verdict(mcid: McidRule, improvement: float, percent: float | None) -> Verdict:
    detectable = mcid.mdc is None or abs(improvement) >= mcid.mdc
    if detectable and _meets(mcid, improvement, percent):
        return "improved"
    if detectable and _meets(mcid, -improvement, None if percent is None else -percent):
        return "worse"
    return "no_meaningful_change"


def _mdc_sentence(mcid: McidRule, improvement: float) -> str:
    if mcid.mdc is None:
        return mcid.mdc_note
    sentence = (
        f"A change smaller than the minimal detectable change, {mcid.mdc:g} points "
        f"({cite(mcid.mdc_sources)}), is never counted either way"
    )
    if abs(improvement) < mcid.mdc and abs(improvement) > 0:
        return sentence + ": this one is smaller."
    return sentence + "."


def compare(
    instrument_id: str,
    baseline: ScoreResult | Number | None,
    follow_up: ScoreResult | Number | None,
    *,
    rule: str | None = None,
) -> Change:
    """Judge the change from `baseline` to `follow_up` with the instrument's MCID `rule`.

    Scores are the conventional ones (`ScoreResult.score`; for the NDI the raw 0-50 score). An
    invalid or missing score gives `not_comparable`; an instrument with no MCID gives `no_rule`.
    """
    definition = instrument(instrument_id)
    mcid = definition.mcid(rule)
    before, after = _value(baseline), _value(follow_up)
    if before is None or after is None:
        return Change(
            instrument_id,
            before,
            after,
            None,
            None,
            None,
            "not_comparable",
            mcid.key if mcid else None,
            None,
            None,
            "A score is missing or invalid, so no change can be judged.",
            (),
        )
    difference = round_half_up(after - before, 2)
    improvement = -difference if definition.higher_is == "worse" else difference
    percent = round_half_up(improvement / before * 100, 1) if before else None
    if mcid is None:
        return Change(
            instrument_id,
            before,
            after,
            difference,
            improvement,
            percent,
            "no_rule",
            None,
            None,
            None,
            f"No MCID is established for {definition.name}. {definition.mcid_caveat}".strip(),
            (),
        )
    verdict = _verdict(mcid, improvement, percent)
    threshold = f"{mcid.points:g} points" + (
        f" or {mcid.percent:g} % of the baseline" if mcid.percent is not None else ""
    )
    explanation = (
        f"Changed from {before:g} to {after:g} ({difference:+g}); the MCID is {threshold} "
        f"({cite(mcid.sources)}), better or worse. {_mdc_sentence(mcid, improvement)}"
    )
    return Change(
        instrument_id,
        before,
        after,
        difference,
        improvement,
        percent,
        verdict,
        mcid.key,
        mcid.points,
        mcid.percent,
        explanation,
        tuple(dict.fromkeys((*mcid.sources, *mcid.mdc_sources))),
    )
