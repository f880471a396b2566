"""API: rank a pain map (`POST /finder/rank`), a stored map's candidates, palpation findings.

The rank endpoints hand the request to `knotwork.domain.referral.rank_json` unchanged (through
`finder.ranking.rank_request`), the same
function `knotwork find` and its batch mode use, so all three answer the same input with the
same ranking and refuse bad input with the same messages.
"""

from __future__ import annotations

import json

from django.http import JsonResponse
from ninja import Query, Router, Status
from ninja.errors import ValidationError
from ninja.pagination import paginate

from knotwork.audit.services import record_read
from knotwork.common.errors import responses
from knotwork.common.pagination import Page, Paged, paged
from knotwork.common.requests import AuthenticatedRequest
from knotwork.finder.learning import learning_clinic
from knotwork.finder.models import PalpationFinding
from knotwork.finder.ranking import api_context, rank_request, rank_stored
from knotwork.finder.schemas import (
    RANK_REQUEST_SCHEMA,
    CandidatesQuery,
    FindingIn,
    PalpationFindingOut,
    RankingOut,
    StoredRankingOut,
)
from knotwork.finder.services import (
    NOT_THIS_PATIENTS_MAP,
    FindingRefused,
    record_palpation_finding,
)
from knotwork.painmaps.models import PainMapRecord
from knotwork.painmaps.querysets import get_pain_map_for_staff
from knotwork.patients.models import Patient
from knotwork.patients.querysets import fetch_or_404, get_patient_for_staff

router = Router(tags=["finder"])


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
def rank(request: AuthenticatedRequest) -> JsonResponse:
    try:
        payload = json.loads(request.body or b"")
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise ValidationError(
            [{"loc": ("body",), "msg": "Cannot parse request body", "type": "json_invalid"}]
        ) from None
    # Returned as is: the answer is the domain's JSON, byte for byte what the CLI prints.
    return JsonResponse(rank_request(payload))


@router.get(
    "/pain-maps/{pain_map_id}/candidates",
    response=responses(StoredRankingOut),
    summary="Trigger points to examine for a stored pain map (clinic staff only)",
    description=(
        "Ranked with the factors and aggravating features of the patient's latest submitted "
        "intake, unless the query gives `factors` or `features` (then exactly those) or "
        "`use_intake=false`. `context` says which were used. When the clinic learns from its "
        "palpation findings (`learning`), candidates with findings for similar maps carry "
        "`learned` and are ordered by the learned score. Staff of the patient's clinic "
        "only, like the page: the candidates are suggestions for the therapist's examination, "
        "not part of the patient's own record (docs/finder.md, 'Who sees the candidates')."
    ),
)
def pain_map_candidates(
    request: AuthenticatedRequest, pain_map_id: int, query: Query[CandidatesQuery]
) -> JsonResponse:
    # The same scoped read as the candidates page: a patient gets 404 here as there.
    stored = get_pain_map_for_staff(request.user, pain_map_id)
    context = api_context(stored.patient, query.factors, query.features, query.use_intake)
    learns = learning_clinic(request, stored.patient)
    result = rank_stored(
        stored,
        {"factors": list(context.factors), "features": list(context.features), "top": query.top},
        learn_in=learns.pk if learns else None,
    )
    # Audited once answered, not at the fetch: a refused context (422) showed nothing.
    record_read(request, stored.patient, subject="pain_map_candidates", subject_id=stored.pk)
    return JsonResponse({**result, "context": context.to_json(), "learning": learns is not None})


def finding_out(finding: PalpationFinding) -> PalpationFindingOut:
    return PalpationFindingOut(
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
    response=responses(list[PalpationFindingOut]),
    summary="A patient's palpation findings, newest first",
)
@paginate(Page)
def list_findings(
    request: AuthenticatedRequest, patient_id: int
) -> Paged[PalpationFinding, PalpationFindingOut]:
    patient = fetch_or_404(request, Patient.objects.all(), patient_id, read="palpation_findings")
    return paged(patient.palpation_findings.select_related("examined_by"), finding_out)


@router.post(
    "/patients/{patient_id}/palpation-findings",
    response=responses(PalpationFindingOut, 201),
    summary="Record what palpating one trigger point found (clinic staff only)",
)
def add_finding(
    request: AuthenticatedRequest, patient_id: int, payload: FindingIn
) -> Status[PalpationFindingOut]:
    patient = get_patient_for_staff(request.user, patient_id)
    data = payload.model_dump()
    pain_map = None
    pain_map_id = data.pop("pain_map_id")
    if pain_map_id is not None:
        pain_map = PainMapRecord.objects.filter(patient=patient, pk=pain_map_id).first()
        if pain_map is None:
            raise FindingRefused(NOT_THIS_PATIENTS_MAP, field="pain_map_id")
    stored = record_palpation_finding(
        actor=request.user, patient=patient, finding=data, pain_map=pain_map, request=request
    )
    return Status(201, finding_out(stored))
