"""API: rank a pain map (`POST /finder/rank`), a stored map's candidates, palpation findings.

The rank endpoints hand the request to `knotwork.domain.referral.rank_json` unchanged, the same
function `knotwork find` and its batch mode use, so all three answer the same input with the
same ranking and refuse bad input with the same messages.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.http import HttpRequest, JsonResponse
from ninja import Query, Router, Schema, Status
from ninja.errors import ValidationError
from pydantic import ConfigDict, Field, StrictBool, StrictInt

from knotwork.audit.services import record_read
from knotwork.common.errors import responses, unprocessable
from knotwork.domain.referral import FinderInputError, rank_json
from knotwork.finder.context import api_context
from knotwork.finder.models import PalpationFinding
from knotwork.finder.palpation import InvalidFinding
from knotwork.finder.services import (
    findings_of,
    pain_map_for_user,
    rank_stored,
    record_palpation_finding,
)
from knotwork.painmaps.models import PainMapRecord
from knotwork.patients.querysets import get_patient_for_staff, get_patient_for_user

router = Router(tags=["finder"])
NOT_THIS_PATIENTS_MAP = "is not a pain map of this patient"


class ExplainedOut(Schema):
    model_config = ConfigDict(extra="forbid")
    region: str
    zone: str
    intensity: int


class BoostsOut(Schema):
    model_config = ConfigDict(extra="forbid")
    factors: float
    features: float


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
                    "region": {"type": "string", "description": "Region id of the atlas."},
                    "intensity": {"type": "integer", "minimum": 0, "maximum": 10},
                    "quality": {"type": ["string", "null"]},
                },
            },
        },
        "factors": {"type": "array", "items": {"type": "string"}},
        "features": {"type": "array", "items": {"type": "string"}},
        "top": {"type": "integer", "minimum": 1},
        "id": {"description": "Echoed back unchanged."},
        "note": {"type": "string"},
    },
}


def _ranked(payload: Any) -> dict[str, Any]:
    try:
        return rank_json(payload)
    except FinderInputError as error:
        raise unprocessable((e.field, e.message) for e in error.errors) from None


@router.post(
    "/finder/rank",
    response=responses(RankingOut),
    summary="Trigger points to examine for a pain map (the same ranking as `knotwork find`)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": RANK_REQUEST_SCHEMA}},
        }
    },
)
def rank(request: HttpRequest) -> JsonResponse:
    try:
        payload = json.loads(request.body or b"")
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise ValidationError(
            [{"loc": ("body",), "msg": "Cannot parse request body", "type": "json_invalid"}]
        ) from None
    # Returned as is: the answer is the domain's JSON, byte for byte what the CLI prints.
    return JsonResponse(_ranked(payload))


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


class CandidatesQuery(Schema):
    model_config = ConfigDict(extra="forbid")
    factors: list[str] = Field(default_factory=list)
    features: list[str] = Field(default_factory=list)
    top: int | None = None
    # Without factors or features in the query, the latest submitted intake's are used.
    use_intake: bool = True


def candidates_of(stored: PainMapRecord, query: dict[str, Any]) -> dict[str, Any]:
    try:
        return rank_stored(stored, query)
    except FinderInputError as error:
        raise unprocessable((e.field, e.message) for e in error.errors) from None


@router.get(
    "/pain-maps/{pain_map_id}/candidates",
    response=responses(StoredRankingOut),
    summary="Trigger points to examine for a stored pain map",
    description=(
        "Ranked with the factors and aggravating features of the patient's latest submitted "
        "intake, unless the query gives `factors` or `features` (then exactly those) or "
        "`use_intake=false`. `context` says which were used."
    ),
)
def pain_map_candidates(
    request: HttpRequest, pain_map_id: int, query: Query[CandidatesQuery]
) -> JsonResponse:
    stored = pain_map_for_user(request.user, pain_map_id)  # type: ignore[arg-type]
    context = api_context(stored.patient, query.factors, query.features, query.use_intake)
    result = candidates_of(
        stored,
        {"factors": list(context.factors), "features": list(context.features), "top": query.top},
    )
    record_read(request, stored.patient, subject="pain_map_candidates", subject_id=stored.pk)
    return JsonResponse({**result, "context": context.to_json()})


class FindingIn(Schema):
    model_config = ConfigDict(extra="forbid")
    muscle: str
    trigger_point: str
    side: str
    found: StrictBool
    # Strict: true or "2" is not a tenderness grade; the range is checked with the ids.
    tenderness: StrictInt
    twitch_response: StrictBool = False
    referred_pain_reproduced: StrictBool = False
    note: str = Field(default="", max_length=2000)
    pain_map_id: StrictInt | None = None


class FindingOut(Schema):
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


def finding_out(finding: PalpationFinding) -> FindingOut:
    return FindingOut(
        id=finding.pk,
        patient_id=finding.patient_id,
        pain_map_id=finding.pain_map_id,
        muscle=finding.muscle,
        trigger_point=finding.trigger_point,
        side=finding.side,
        found=finding.found,
        tenderness=finding.tenderness,
        twitch_response=finding.twitch_response,
        referred_pain_reproduced=finding.referred_pain_reproduced,
        note=finding.note,
        examined_by=str(finding.examined_by) if finding.examined_by else None,
        examined_at=finding.examined_at,
    )


@router.get(
    "/patients/{patient_id}/palpation-findings",
    response=responses(list[FindingOut]),
    summary="A patient's palpation findings, newest first",
)
def list_findings(request: HttpRequest, patient_id: int) -> list[FindingOut]:
    patient = get_patient_for_user(request.user, patient_id)  # type: ignore[arg-type]
    record_read(request, patient, subject="palpation_findings")
    return [finding_out(f) for f in findings_of(patient)]


@router.post(
    "/patients/{patient_id}/palpation-findings",
    response=responses(FindingOut, 201),
    summary="Record what palpating one trigger point found (clinic staff only)",
)
def add_finding(request: HttpRequest, patient_id: int, payload: FindingIn) -> Status:
    patient = get_patient_for_staff(request.user, patient_id)  # type: ignore[arg-type]
    data = payload.model_dump()
    pain_map = None
    pain_map_id = data.pop("pain_map_id")
    if pain_map_id is not None:
        pain_map = PainMapRecord.objects.filter(patient=patient, pk=pain_map_id).first()
        if pain_map is None:
            raise unprocessable([("pain_map_id", NOT_THIS_PATIENTS_MAP)])
    try:
        stored = record_palpation_finding(
            actor=request.user,  # type: ignore[arg-type]
            patient=patient,
            finding=data,
            pain_map=pain_map,
            request=request,
        )
    except InvalidFinding as error:
        raise unprocessable((e.field, e.message) for e in error.errors) from None
    return Status(201, finding_out(stored))
