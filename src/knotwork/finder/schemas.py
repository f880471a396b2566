"""Schemas of the finder API: the ranking (the JSON of `knotwork find --json`), its context,
and palpation findings."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Schema
from pydantic import ConfigDict, Field, StrictBool, StrictInt

from knotwork.common.ids import (
    FACTOR_IDS,
    FEATURE_IDS,
    QUALITY_IDS,
    REGION_IDS,
    FactorId,
    FeatureId,
    MuscleId,
    SideId,
    TriggerPointId,
)
from knotwork.common.schemas import InputSchema
from knotwork.common.text import MULTILINE_PATTERN
from knotwork.domain import knowledge
from knotwork.domain.painmap import MAX_INTENSITY, MIN_INTENSITY
from knotwork.finder.palpation import MAX_NOTE, MAX_TENDERNESS


class ExplainedOut(Schema):
    model_config = ConfigDict(extra="forbid")
    region: str
    zone: str
    intensity: int


class BoostsOut(Schema):
    model_config = ConfigDict(extra="forbid")
    factors: float
    features: float


class LearnedOut(Schema):
    """What the clinic's findings for similar maps did to a candidate (docs/finder.md,
    "Learning from the clinic's findings")."""

    model_config = ConfigDict(extra="forbid")
    examined: int = Field(ge=1)
    confirmed: int = Field(ge=0)
    prior_score: float = Field(description="The candidate's score in the base ranking")
    prior_weight: float = Field(description="Pseudo-examinations the base ranking counts as")
    calibration: float = Field(
        gt=0,
        description="How often the clinic finds its other candidates for similar maps per "
        "unit of fit (1 without such findings)",
    )
    reason: str


class CandidateOut(Schema):
    model_config = ConfigDict(extra="forbid")
    muscle: str
    trigger_point: str
    side: str
    score: float
    explains: list[ExplainedOut]
    unexplained_essential: list[str]
    factors: list[str]
    features: list[str]
    boosts: BoostsOut
    base_score: float
    coverage: float
    essential_fit: float
    confidence: str
    uncertain: bool
    muscle_label: str
    trigger_point_name: str
    # The part of the row whose zone scored it (`upper`, `lower`...), `together` for a split
    # reference row's trigger points scored as one (data/split_rows.yaml), or null for its row.
    part: str | None = Field(
        description="The part of the trigger-point row whose own zone scored it "
        "(reference B.1 referral_by_trp); `together` when the muscle's trigger points of one "
        "reference row scored it together, by the row's whole zone; null when the trigger "
        "point's own whole row did"
    )
    learned: LearnedOut | None = Field(
        default=None,
        description="Only on a stored map's candidates, when the clinic learns from its "
        "findings and some were recorded for similar maps; `score` is then the learned score",
    )


class CoverOut(Schema):
    model_config = ConfigDict(extra="forbid")
    muscle: str
    trigger_point: str
    side: str
    score: float
    adds: list[ExplainedOut]


class RankingOut(Schema):
    """The JSON of `knotwork find --json`: candidates best first, and the cover."""

    model_config = ConfigDict(extra="forbid")
    id: Any = None
    candidates: list[CandidateOut]
    cover: list[CoverOut]


# The request is documented here but validated by rank_json itself, so that the API's messages
# are word for word those of the CLI and batch mode.
RANK_REQUEST_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["marks"],
    "properties": {
        "marks": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["region", "intensity"],
                "properties": {
                    "region": {
                        "type": "string",
                        "enum": list(REGION_IDS),
                        "description": "Region id of the atlas.",
                    },
                    "intensity": {
                        "type": "integer",
                        "minimum": MIN_INTENSITY,
                        "maximum": MAX_INTENSITY,
                    },
                    "quality": {"enum": [*QUALITY_IDS, "", None]},
                },
            },
        },
        "factors": {"type": "array", "items": {"type": "string", "enum": list(FACTOR_IDS)}},
        "features": {"type": "array", "items": {"type": "string", "enum": list(FEATURE_IDS)}},
        "top": {"type": ["integer", "null"], "minimum": 1},
        "id": {"description": "Echoed back unchanged."},
        # Echoed back, never stored; the text middleware refuses its control characters.
        "note": {"type": "string", "pattern": MULTILINE_PATTERN},
    },
}


class IntakeContextOut(Schema):
    model_config = ConfigDict(extra="forbid")
    id: int
    submitted_at: datetime | None
    factors: list[str]
    features: list[str]


class ContextOut(Schema):
    """What the ranking used: `source` is "intake" (the latest submitted intake's answers),
    "adjusted" (the query's lists) or "none"; `intake` is what that intake reported, if any."""

    model_config = ConfigDict(extra="forbid")
    source: str
    factors: list[str]
    features: list[str]
    intake: IntakeContextOut | None


class StoredRankingOut(RankingOut):
    """The ranking of a stored map, and the context it was ranked with."""

    context: ContextOut
    learning: bool = Field(
        description="Whether the clinic learns from its palpation findings: candidates with "
        "findings for similar maps then carry `learned`; false gives the base ranking exactly"
    )


class CandidatesQuery(InputSchema):
    model_config = ConfigDict(extra="forbid")
    factors: list[FactorId] = Field(default_factory=list)
    features: list[FeatureId] = Field(default_factory=list)
    top: int | None = Field(default=None, ge=1)
    # Without factors or features in the query, the latest submitted intake's are used.
    use_intake: bool = True


def _finding_rules(json_schema: dict[str, Any]) -> None:
    """What the fields alone cannot say: which trigger points (and sides) each muscle has, and
    that nothing but "found" may be yes when nothing was found (as `parse_finding` checks)."""
    kb = knowledge.load()
    points = [
        {
            "properties": {
                "muscle": {"const": muscle.id},
                "trigger_point": {"const": tp.id},
                "side": {"enum": sorted({pattern.side for pattern in tp.patterns})},
            }
        }
        for muscle in kb.muscles.values()
        for tp in muscle.trigger_points
    ]
    found = [
        {"properties": {"found": {"const": True}}},
        {
            "properties": {
                "found": {"const": False},
                "twitch_response": {"const": False},
                "referred_pain_reproduced": {"const": False},
            }
        },
    ]
    json_schema["allOf"] = [{"anyOf": points}, {"anyOf": found}]


class FindingIn(InputSchema):
    model_config = ConfigDict(extra="forbid", json_schema_extra=_finding_rules)
    multiline = frozenset({"note"})
    muscle: MuscleId
    trigger_point: TriggerPointId
    side: SideId
    found: StrictBool
    # Strict: true or "2" is not a tenderness grade.
    tenderness: StrictInt = Field(ge=0, le=MAX_TENDERNESS)
    twitch_response: StrictBool = False
    referred_pain_reproduced: StrictBool = False
    note: str = Field(default="", max_length=MAX_NOTE)
    pain_map_id: StrictInt | None = Field(default=None, ge=1)


class PalpationFindingOut(Schema):
    id: int
    patient_id: int
    pain_map_id: int | None
    muscle: str
    trigger_point: str
    side: str
    found: bool
    tenderness: int
    twitch_response: bool
    referred_pain_reproduced: bool
    note: str
    examined_by: str | None
    examined_at: datetime
