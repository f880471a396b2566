"""API of live feedback: open it for a patient (staff only).

Opening live feedback is refused with 409 Conflict while the safety gate for recording a session
today is shut (as starting a course is): the request is well formed, but the patient's present
state forbids it; the answer names the reasons (`gate`) and the findings awaiting a clearance
(`clearances.<key>`), recorded with `POST /api/v1/patients/{id}/clearances`.
"""

from __future__ import annotations

from django.urls import reverse
from ninja import Router, Status

from knotwork.common.errors import ErrorOut, responses
from knotwork.common.requests import AuthenticatedRequest
from knotwork.domain.live import DiscomfortWindow
from knotwork.live import services
from knotwork.live.schemas import LiveStartIn, LiveStartOut
from knotwork.patients.querysets import get_patient_for_staff

router = Router(tags=["live feedback"])


@router.post(
    "/patients/{patient_id}/live",
    response=responses(LiveStartOut, 201, _409=ErrorOut),
    summary="Open live pressure feedback for a patient (staff only). 409 while the safety gate "
    "for a session today is shut, with the reasons",
)
def start_live(
    request: AuthenticatedRequest, patient_id: int, payload: LiveStartIn
) -> Status[LiveStartOut]:
    patient = get_patient_for_staff(request.user, patient_id)
    # A shut gate is a 409 (`GateClosed`, answered by the API's handler): `gate` for each
    # reason, `clearances.<key>` for each finding awaiting a clearance.
    live = services.start_live_session(
        actor=request.user,
        patient=patient,
        plan=payload.plan,
        window=DiscomfortWindow(payload.window_low, payload.window_high),
        request=request,
    )
    return Status(
        201,
        LiveStartOut(
            id=live.pk,
            started_at=live.started_at,
            short_code=live.short_code,
            window_low=live.window_low,
            window_high=live.window_high,
            plan=list(live.plan),
            screen_url=request.build_absolute_uri(
                reverse("live_screen", kwargs={"live_id": live.pk})
            ),
        ),
    )
