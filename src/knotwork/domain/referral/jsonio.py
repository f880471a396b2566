"""The finder's JSON shape, and the one validated entry point shared by CLI, batch and HTTP API."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from knotwork.domain import knowledge
from knotwork.domain.knowledge import KnowledgeBase
from knotwork.domain.painmap import FieldError, InvalidPainMap, parse_marks
from knotwork.domain.referral.ranking import Ranking, rank
from knotwork.domain.referral.scoring import Candidate, Context, Explained

# Keys a finder request may carry; `id` is echoed back so batch lines can be matched up.
REQUEST_KEYS = frozenset({"marks", "factors", "features", "top", "id", "note"})


@dataclass
class FinderInputError(ValueError):
    """The finder request is invalid; `errors` names every bad field and unknown id."""

    errors: list[FieldError] = field(default_factory=list)

    def __str__(self) -> str:
        return "; ".join(f"{error.field}: {error.message}" for error in self.errors)


def to_json(ranking: Ranking, kb: KnowledgeBase | None = None) -> dict[str, Any]:
    """The exchange shape: `{"candidates": [...], "cover": [...]}`, best candidate first."""
    base = kb or knowledge.load()
    return {
        "candidates": [_candidate(c, base) for c in ranking.candidates],
        "cover": [
            {
                "muscle": item.candidate.muscle,
                "trigger_point": item.candidate.trigger_point,
                "side": item.candidate.side,
                "score": item.candidate.score,
                "adds": [_explained(e) for e in item.adds],
            }
            for item in ranking.cover
        ],
    }


def rank_json(payload: Any, kb: KnowledgeBase | None = None) -> dict[str, Any]:
    """Validate a request `{"marks": [...], "factors": [...], "top": N}` and return the JSON."""
    base = kb or knowledge.load()
    if not isinstance(payload, Mapping):
        raise FinderInputError([FieldError("(request)", "must be a JSON object")])
    errors: list[FieldError] = []
    # One error per unknown key, named as the field, like every other error of the API.
    errors.extend(
        FieldError(str(key), "unexpected field") for key in sorted(set(payload) - REQUEST_KEYS)
    )
    pain_map = None
    note = payload.get("note", "")
    if not isinstance(note, str):
        errors.append(FieldError("note", f"must be text, got {note!r}"))
        note = ""
    marks = payload.get("marks")
    if not isinstance(marks, list):
        errors.append(FieldError("marks", "must be a list of {region, intensity} objects"))
    else:
        try:
            pain_map = parse_marks(marks, note)
        except InvalidPainMap as invalid:
            errors.extend(invalid.errors)
    factors = _ids(payload, "factors", base.factors.keys(), "factor", errors)
    features = _ids(payload, "features", base.features.keys(), "feature", errors)
    top = payload.get("top")
    if top is not None and (isinstance(top, bool) or not isinstance(top, int) or top < 1):
        errors.append(FieldError("top", f"must be a whole number of at least 1, got {top!r}"))
    if errors or pain_map is None:
        raise FinderInputError(errors)
    result = to_json(
        rank(pain_map, Context(frozenset(factors), frozenset(features)), base, top), base
    )
    if "id" in payload:
        return {"id": payload["id"], **result}
    return result


def _ids(
    payload: Mapping[str, Any],
    key: str,
    known: Any,
    what: str,
    errors: list[FieldError],
) -> tuple[str, ...]:
    value = payload.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        errors.append(FieldError(key, f"must be a list of {what} ids"))
        return ()
    unknown = [v for v in value if v not in known]
    if unknown:
        errors.append(FieldError(key, f"unknown {what}(s) {', '.join(map(repr, unknown))}"))
    return tuple(v for v in value if v in known)


def _candidate(candidate: Candidate, kb: KnowledgeBase) -> dict[str, Any]:
    muscle = kb.muscle(candidate.muscle)
    tp = muscle.trigger_point(candidate.trigger_point)
    return {
        "muscle": candidate.muscle,
        "trigger_point": candidate.trigger_point,
        "side": candidate.side,
        "score": candidate.score,
        "explains": [_explained(e) for e in candidate.explains],
        "unexplained_essential": list(candidate.unexplained_essential),
        "factors": list(candidate.factors),
        "features": list(candidate.features),
        "boosts": {"factors": candidate.factor_boost, "features": candidate.feature_boost},
        "base_score": candidate.base_score,
        "coverage": candidate.coverage,
        "essential_fit": candidate.essential_fit,
        "confidence": candidate.confidence,
        "uncertain": tp.uncertain,
        "muscle_label": muscle.label,
        "trigger_point_name": tp.name,
        "part": candidate.part,
    }


def _explained(explained: Explained) -> dict[str, Any]:
    return {"region": explained.region, "zone": explained.zone, "intensity": explained.intensity}
