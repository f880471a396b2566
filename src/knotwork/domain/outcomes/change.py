"""Change from baseline judged by each instrument's MCID rule (clinical-reference.md section D).

MCID (minimal clinically important difference): the smallest change a patient would notice as
meaningful. A rule gives points and, for some instruments, a percent of the baseline; a change
meets it when it reaches either (e.g. NPRS: 2 points or 30 %, Ostelo 2008).

Section D states MCIDs for improvement. For worsening we apply the points threshold only (a
design choice): a percent of a small baseline is a change of a fraction of a point, and the
percent rules are published as reductions from baseline.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from knotwork.domain.outcomes.definitions import instrument
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
    by_points = improvement >= mcid.points
    by_percent = mcid.percent is not None and percent is not None and percent >= mcid.percent
    verdict: Verdict
    if by_points or by_percent:
        verdict = "improved"
    elif -improvement >= mcid.points:
        verdict = "worse"
    else:
        verdict = "no_meaningful_change"
    threshold = f"{mcid.points:g} points" + (
        f" or {mcid.percent:g} % of the baseline" if mcid.percent is not None else ""
    )
    explanation = (
        f"Changed from {before:g} to {after:g} ({difference:+g}); "
        f"the MCID is {threshold} ({', '.join(mcid.sources)})."
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
        mcid.sources,
    )
