"""Reads of the intake app: what the intake tells the finder (a row of the intake is fetched
with `Model.objects.get_for_user_or_404`, the scoped read of `knotwork.patients.models`).

`finder_context_for(patient)` is the one read the finder app needs, so that it never reaches into
intake models. It reads the latest *submitted* intake only: a draft may still change, and a
stopped intake ended at an emergency answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from knotwork.domain import knowledge
from knotwork.intake.models import Intake, IntakeStatus

if TYPE_CHECKING:
    from knotwork.patients.models import Patient


@dataclass(frozen=True, slots=True)
class FinderContext:
    """Finder context from one intake: factor ids ("how it started", work, posture and stress
    factors) and aggravating-feature ids, both from the knowledge base's vocabularies."""

    factors: tuple[str, ...]
    features: tuple[str, ...]
    intake_id: int | None = None
    submitted_at: datetime | None = None
    # The 0-10 stress rating is shown beside the factors but never turned into one: the
    # reference sets no threshold for the single-item stress rating (D.8).
    stress: int | None = None

    @property
    def from_intake(self) -> bool:
        return self.intake_id is not None


NO_CONTEXT = FinderContext(factors=(), features=())


def latest_submitted_intake(patient: Patient) -> Intake | None:
    """The patient's most recently submitted intake, or None (the caller scoped the patient)."""
    return (
        Intake.objects.filter(patient=patient, status=IntakeStatus.SUBMITTED)
        .order_by("-finished_at", "-id")
        .first()
    )


def finder_context_for(patient: Patient) -> FinderContext:
    """The factors and aggravating features of the patient's latest submitted intake.

    Factors are the ids chosen in the "How it started" step (the finder's factor vocabulary
    covers work, posture and stress factors too); features are the ids chosen in "What makes it
    worse". Ids the knowledge base no longer knows are dropped, so that an intake answered under
    an older vocabulary never makes the finder refuse a ranking. Without a submitted intake the
    context is empty.
    """
    intake = latest_submitted_intake(patient)
    if intake is None:
        return NO_CONTEXT
    kb = knowledge.load()
    chosen_factors = intake.step_answers("start").get("factors") or []
    chosen_features = intake.step_answers("positions").get("aggravating") or []
    stress = intake.step_answers("daily").get("stress")
    return FinderContext(
        factors=tuple(f for f in kb.factors if f in chosen_factors),
        features=tuple(f for f in kb.features if f in chosen_features),
        intake_id=intake.pk,
        submitted_at=intake.finished_at,
        stress=stress if isinstance(stress, int) else None,
    )
