"""API: store and read pain maps. `{"marks": [{"region", "intensity", "quality"}], "note",
"no_pain"}`: a map with no painful region is stored only with `"no_pain": true`."""

from __future__ import annotations

from ninja import Router, Status
from ninja.pagination import paginate

from knotwork.clinics.querysets import is_staff_of
from knotwork.common.errors import responses
from knotwork.common.pagination import Page, Paged, paged
from knotwork.common.requests import AuthenticatedRequest
from knotwork.painmaps.models import DrawnVia, PainMapRecord
from knotwork.painmaps.schemas import MarkOut, PainMapIn, PainMapOut
from knotwork.painmaps.services import record_pain_map
from knotwork.patients.models import Patient
from knotwork.patients.querysets import fetch_or_404, get_patient_for_user

router = Router(tags=["pain maps"])


def pain_map_out(stored: PainMapRecord) -> PainMapOut:
    return PainMapOut(
        id=stored.pk,
        patient_id=stored.patient_id,
        drawn_at=stored.drawn_at,
        drawn_by=str(stored.drawn_by) if stored.drawn_by else None,
        drawn_via=stored.drawn_via,
        marks=[
            MarkOut(region=m.region, intensity=m.intensity, quality=m.quality or None)
            for m in stored.marks.all()
        ],
        note=stored.note,
        no_pain=stored.no_pain,
    )


@router.get(
    "/patients/{patient_id}/pain-maps",
    response=responses(list[PainMapOut]),
    summary="A patient's pain maps, newest first",
)
@paginate(Page)
def list_pain_maps(
    request: AuthenticatedRequest, patient_id: int
) -> Paged[PainMapRecord, PainMapOut]:
    patient = fetch_or_404(request, Patient.objects.all(), patient_id, read="pain_maps")
    return paged(
        patient.pain_maps.prefetch_related("marks").select_related("drawn_by"), pain_map_out
    )


@router.post(
    "/patients/{patient_id}/pain-maps",
    response=responses(PainMapOut, 201),
    summary="Store a new pain map for a patient",
    description=(
        "A map with no painful region is refused (422, field `marks`) unless `no_pain` is true: "
        'the patient\'s explicit answer to "No pain anywhere today?". `no_pain` with a painful '
        "mark is refused too (field `no_pain`)."
    ),
)
def add_pain_map(
    request: AuthenticatedRequest, patient_id: int, payload: PainMapIn
) -> Status[PainMapOut]:
    patient = get_patient_for_user(request.user, patient_id)
    via = DrawnVia.CLINIC if is_staff_of(request, patient.clinic_id) else DrawnVia.PATIENT
    stored = record_pain_map(
        actor=request.user,
        patient=patient,
        marks=[m.model_dump() for m in payload.marks],
        note=payload.note,
        no_pain=payload.no_pain,
        via=via,
        request=request,
    )
    return Status(201, pain_map_out(stored))


@router.get("/pain-maps/{pain_map_id}", response=responses(PainMapOut), summary="One pain map")
def get_pain_map(request: AuthenticatedRequest, pain_map_id: int) -> PainMapOut:
    stored = fetch_or_404(
        request, PainMapRecord.objects.all(), pain_map_id, read="pain_map", what="pain map"
    )
    return pain_map_out(stored)
