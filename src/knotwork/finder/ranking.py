"""Ranking a stored pain map, and the context it is ranked with: the intake's answers by
default, or the therapist's.

A therapist opening the candidates page sees the ranking with the factors and aggravating
features of the patient's latest submitted intake, labelled as coming from it. Changing the
picker ranks with exactly what was ticked (possibly nothing); the page marks such an address
with `context=adjusted`, so that an empty choice is not mistaken for "use the intake".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from knotwork.common.errors import Refusal
from knotwork.domain import knowledge
from knotwork.domain.painmap import to_json
from knotwork.domain.referral import FinderInputError, learning, rank_json
from knotwork.finder.learning import clinic_evidence
from knotwork.intake.querysets import FinderContext, finder_context_for

if TYPE_CHECKING:
    from knotwork.painmaps.models import PainMapRecord
    from knotwork.patients.models import Patient

ADJUSTED = "adjusted"


class RankingRefused(Refusal):
    """A ranking request the finder refuses (`FinderInputError`), field by field, with the
    messages `knotwork find` prints."""


def rank_request(payload: Any) -> dict[str, Any]:
    """`rank_json`, refusing bad input with RankingRefused."""
    try:
        return rank_json(payload)
    except FinderInputError as error:
        raise RankingRefused.of_fields(error.errors) from None


@dataclass(frozen=True)
class RankingContext:
    """The factors and features a ranking used, where they came from, and the intake's own."""

    factors: tuple[str, ...]
    features: tuple[str, ...]
    # "intake" when the intake's answers are used as they are, "adjusted" when chosen on the
    # page or in the query, "none" when there is no submitted intake and nothing was chosen.
    source: str
    intake: FinderContext

    def query(self) -> str:
        """The address query that keeps an adjusted choice across links; empty for the intake."""
        if self.source != ADJUSTED:
            return ""
        pairs = [("context", ADJUSTED)]
        pairs += [("factor", f) for f in self.factors]
        pairs += [("feature", f) for f in self.features]
        return urlencode(pairs)

    @property
    def differs_from_intake(self) -> bool:
        return self.intake.from_intake and (
            set(self.factors) != set(self.intake.factors)
            or set(self.features) != set(self.intake.features)
        )

    def to_json(self) -> dict[str, Any]:
        """The context as the candidates API reports it next to the ranking."""
        return {
            "source": self.source,
            "factors": list(self.factors),
            "features": list(self.features),
            "intake": {
                "id": self.intake.intake_id,
                "submitted_at": (
                    self.intake.submitted_at.isoformat() if self.intake.submitted_at else None
                ),
                "factors": list(self.intake.factors),
                "features": list(self.intake.features),
            }
            if self.intake.from_intake
            else None,
        }


def page_context(patient: Patient, params: Any) -> RankingContext:
    """The context for the candidates page from its address (a QueryDict or a plain mapping)."""
    kb = knowledge.load()
    intake = finder_context_for(patient)
    chosen_factors = params.getlist("factor")
    chosen_features = params.getlist("feature")
    adjusted = params.get("context") == ADJUSTED or bool(chosen_factors or chosen_features)
    if not adjusted:
        return RankingContext(
            intake.factors, intake.features, "intake" if intake.from_intake else "none", intake
        )
    # Only ids of the vocabularies are offered; anything else in the address is dropped.
    return RankingContext(
        tuple(f for f in kb.factors if f in chosen_factors),
        tuple(f for f in kb.features if f in chosen_features),
        ADJUSTED,
        intake,
    )


def api_context(
    patient: Patient, factors: list[str], features: list[str], use_intake: bool
) -> RankingContext:
    """The context for the candidates API: the query's lists when it gives any (they are the
    whole context, as on the page), else the intake's unless `use_intake` is false.

    Ids are passed on unfiltered, so that the finder refuses an unknown one by name.
    """
    intake = finder_context_for(patient)
    if factors or features:
        return RankingContext(tuple(factors), tuple(features), ADJUSTED, intake)
    if use_intake and intake.from_intake:
        return RankingContext(intake.factors, intake.features, "intake", intake)
    return RankingContext((), (), "none", intake)


def rank_stored(
    stored: PainMapRecord, context: Mapping[str, Any], learn_in: int | None = None
) -> dict[str, Any]:
    """`rank_json` for a stored map plus context (factors, features, top); RankingRefused
    names a bad context field exactly as the CLI would.

    With `learn_in` (a clinic id, given only when that clinic learns from its findings), the
    clinic's findings for similar maps are applied after the base ranking
    (`referral.learning`); without it the answer is the base ranking exactly.
    """
    pain_map = stored.to_domain()
    payload = {"marks": to_json(pain_map)["marks"], **context}
    if learn_in is None:
        return rank_request({k: v for k, v in payload.items() if v is not None})
    # Ranked in full, so that a trigger point the clinic confirms can rise from below `top`.
    top = payload.pop("top", None)
    result = rank_request({k: v for k, v in payload.items() if v is not None})
    tallies = clinic_evidence(learn_in, pain_map.painful, exclude_map=stored.pk)
    return learning.apply(result, tallies, top)
