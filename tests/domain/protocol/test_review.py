"""The review after session 2: responding or not, and the therapist's decision."""

from dataclasses import dataclass

import pytest

from knotwork.domain.protocol import (
    NOT_RESPONDING_TEXT,
    ChangeVerdict,
    Decision,
    InstrumentChange,
    InvalidDecision,
    ReviewOutcome,
    decide,
    review_course,
)

IMPROVED, SAME, WORSE = ChangeVerdict.IMPROVED, ChangeVerdict.NO_CHANGE, ChangeVerdict.WORSE


def nprs(verdict: ChangeVerdict) -> InstrumentChange:
    return InstrumentChange("nprs", verdict, baseline=7, current=4, unit="points", mcid=">= 2")


def odi(verdict: ChangeVerdict, primary: bool = True) -> InstrumentChange:
    return InstrumentChange("odi_2_1a", verdict, baseline=40, current=36, primary=primary)


def test_it_calls_a_patient_responding_when_pain_improved_by_its_mcid() -> None:
    review = review_course([nprs(IMPROVED), odi(SAME)])
    assert review.outcome is ReviewOutcome.RESPONDING
    assert not review.decision_required
    assert review.improved == ("nprs",)


def test_it_flags_a_patient_whose_primary_measures_did_not_improve() -> None:
    review = review_course([nprs(SAME), odi(SAME)])
    assert review.outcome is ReviewOutcome.NOT_RESPONDING
    assert review.headline == NOT_RESPONDING_TEXT
    assert review.decision_required


def test_it_does_not_call_a_patient_responding_when_another_primary_measure_got_worse() -> None:
    review = review_course([nprs(IMPROVED), odi(WORSE)])
    assert review.outcome is ReviewOutcome.NOT_RESPONDING
    assert any("odi_2_1a" in reason for reason in review.reasons)
    # The improvement is still shown, not hidden behind the flag.
    assert review.improved == ("nprs",)


def test_it_lets_only_primary_measures_decide_but_shows_the_others() -> None:
    secondary_worse = review_course([nprs(IMPROVED), odi(WORSE, primary=False)])
    assert secondary_worse.outcome is ReviewOutcome.RESPONDING
    assert secondary_worse.worse == ("odi_2_1a",)
    secondary_better = review_course([nprs(SAME), odi(IMPROVED, primary=False)])
    assert secondary_better.outcome is ReviewOutcome.NOT_RESPONDING


def test_it_will_not_conclude_without_a_rescored_primary_measure() -> None:
    review = review_course([odi(IMPROVED, primary=False)])
    assert review.outcome is ReviewOutcome.INSUFFICIENT_DATA
    assert review.decision_required


@dataclass(frozen=True)
class OutcomesModuleChange:
    """Stands in for the outcomes module's own type: verdicts as plain strings."""

    instrument: str
    verdict: str
    primary: bool


def test_it_accepts_another_modules_results_with_verdicts_as_strings() -> None:
    review = review_course([OutcomesModuleChange("ndi", "improved", True)])
    assert review.outcome is ReviewOutcome.RESPONDING
    with pytest.raises(ValueError, match="better"):
        review_course([OutcomesModuleChange("ndi", "better", True)])


def test_it_requires_a_reason_to_continue_a_course_that_is_not_responding() -> None:
    review = review_course([nprs(SAME), odi(SAME)])
    with pytest.raises(InvalidDecision, match="reason"):
        decide(review, Decision.CONTINUE, "   ")
    kept = decide(review, Decision.CONTINUE, "Acute flare from moving house; reassess at 3")
    assert kept.course_continues


def test_it_closes_the_course_on_refer_or_end_and_continues_a_responder_without_reason() -> None:
    not_responding = review_course([nprs(SAME)])
    assert not decide(not_responding, Decision.REFER).course_continues
    assert not decide(not_responding, Decision.END).course_continues
    assert decide(review_course([nprs(IMPROVED)]), Decision.CONTINUE).course_continues
