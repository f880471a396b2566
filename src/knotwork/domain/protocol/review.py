"""The review after session 2: is the patient responding, and what must the therapist decide.

Response: a meaningful improvement from baseline, judged per instrument by its MCID (minimal
clinically important difference, reference D.1 and E.3). Scoring the instruments is the job of
`knotwork.domain.outcomes`; this module only takes each instrument's verdict (improved /
no change / worse, already judged against its MCID) with its figures, through the small
`InstrumentResult` protocol, which `InstrumentChange` implements.

The rule (`RESPONSE_RULE`, `WORSE_RULE`): responding when at least one primary measure improved
by its MCID and no primary measure got worse by its MCID; otherwise flagged "not responding: this
therapy may not suit this patient", and the therapist must decide to continue (with a reason),
refer, or end.
Primary measures are the baseline instruments of the course: NPRS and the primary disability
instrument (ODI for low back, NDI for neck, PSFS otherwise; issue 6). Other instruments are shown
but do not decide.

Interface:
    review_course(results: Iterable[InstrumentResult]) -> SessionReview
    decide(review, decision: Decision, reason: str = "") -> ReviewDecision
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from knotwork.domain.protocol.provenance import Origin, Provenance

NOT_RESPONDING_TEXT = "not responding: this therapy may not suit this patient"

RESPONSE_RULE = Provenance(
    Origin.REFERENCE,
    "Improvement by any instrument's MCID counts (E.3's proposal from the MCIDs: NPRS down >= 2 "
    "points or >= 30 %, PSFS mean up >= 2, ODI down >= 10, RMDQ down >= 5, NDI down >= 7.5 raw).",
    "E.3",
    ("OSTELO-2008", "CHILDS-2005", "FARRAR-2001", "ABBOTT-2014", "NDI-YOUNG"),
)

WORSE_RULE = Provenance(
    Origin.PROJECT_DEFAULT,
    "A primary measure worse by its MCID withholds 'responding': a pain gain bought with lost "
    "function (or the reverse) needs the therapist's judgement, which the flag asks for.",
)


class ChangeVerdict(StrEnum):
    """An instrument's change from baseline, judged against its MCID by the outcomes module."""

    IMPROVED = "improved"
    NO_CHANGE = "no_change"
    WORSE = "worse"


class InstrumentResult(Protocol):
    """What the review needs of one instrument's change; `verdict` may be the enum or its value."""

    @property
    def instrument(self) -> str: ...

    @property
    def verdict(self) -> str: ...

    @property
    def primary(self) -> bool: ...


@dataclass(frozen=True, slots=True)
class InstrumentChange:
    """One instrument's baseline and current score, its MCID verdict, and whether it is primary."""

    instrument: str
    verdict: ChangeVerdict
    baseline: float
    current: float
    primary: bool = True
    unit: str = ""
    mcid: str = ""

    @property
    def change(self) -> float:
        """Current minus baseline, in the instrument's own direction (lower is better for NPRS)."""
        return self.current - self.baseline


class ReviewOutcome(StrEnum):
    """What the review concluded."""

    RESPONDING = "responding"
    NOT_RESPONDING = "not_responding"
    # No primary measure was re-scored: the review cannot conclude and must not pretend to.
    INSUFFICIENT_DATA = "insufficient_data"


class Decision(StrEnum):
    """What the therapist decides after a review."""

    CONTINUE = "continue"
    REFER = "refer"
    END = "end"


@dataclass(frozen=True, slots=True)
class SessionReview:
    """The review's outcome, the instruments behind it (improvement shown too) and the reasons."""

    outcome: ReviewOutcome
    results: tuple[InstrumentResult, ...]
    improved: tuple[str, ...]
    unchanged: tuple[str, ...]
    worse: tuple[str, ...]
    reasons: tuple[str, ...]

    @property
    def decision_required(self) -> bool:
        """The therapist must choose continue / refer / end unless the patient is responding."""
        return self.outcome is not ReviewOutcome.RESPONDING

    @property
    def headline(self) -> str:
        """The one line the course page shows."""
        if self.outcome is ReviewOutcome.RESPONDING:
            return "responding"
        if self.outcome is ReviewOutcome.NOT_RESPONDING:
            return NOT_RESPONDING_TEXT
        return "review incomplete: re-score the baseline instruments"


@dataclass(frozen=True, slots=True)
class ReviewDecision:
    """The therapist's decision after a review, with the reason given."""

    decision: Decision
    reason: str

    @property
    def course_continues(self) -> bool:
        """Only 'continue' keeps the course running; refer and end close it."""
        return self.decision is Decision.CONTINUE


class InvalidDecision(ValueError):
    """A decision the review rules do not accept, e.g. continuing a non-responder without reason."""


def review_course(results: Iterable[InstrumentResult]) -> SessionReview:
    """Apply the response rule to the instruments' verdicts (see the module docstring)."""
    results = tuple(results)
    by_verdict: dict[ChangeVerdict, list[str]] = {verdict: [] for verdict in ChangeVerdict}
    for result in results:
        by_verdict[ChangeVerdict(result.verdict)].append(result.instrument)
    primary = [result for result in results if result.primary]
    primary_improved = [r.instrument for r in primary if r.verdict == ChangeVerdict.IMPROVED]
    primary_worse = [r.instrument for r in primary if r.verdict == ChangeVerdict.WORSE]

    reasons: list[str] = []
    if not primary:
        outcome = ReviewOutcome.INSUFFICIENT_DATA
        reasons.append("No primary measure (NPRS, primary disability instrument) was re-scored.")
    elif primary_improved and not primary_worse:
        outcome = ReviewOutcome.RESPONDING
        reasons.append(f"Improved by its MCID: {', '.join(primary_improved)}.")
    else:
        outcome = ReviewOutcome.NOT_RESPONDING
        if primary_worse:
            reasons.append(f"Worse by its MCID: {', '.join(primary_worse)}.")
        if primary_improved:
            reasons.append(f"Improved by its MCID: {', '.join(primary_improved)}.")
        else:
            reasons.append("No primary measure improved by its MCID.")
    return SessionReview(
        outcome=outcome,
        results=results,
        improved=tuple(by_verdict[ChangeVerdict.IMPROVED]),
        unchanged=tuple(by_verdict[ChangeVerdict.NO_CHANGE]),
        worse=tuple(by_verdict[ChangeVerdict.WORSE]),
        reasons=tuple(reasons),
    )


def decide(review: SessionReview, decision: Decision, reason: str = "") -> ReviewDecision:
    """Record the therapist's decision; continuing without a response needs a written reason."""
    reason = reason.strip()
    if decision is Decision.CONTINUE and review.decision_required and not reason:
        raise InvalidDecision("continuing a course that is not responding needs a reason")
    return ReviewDecision(decision, reason)
