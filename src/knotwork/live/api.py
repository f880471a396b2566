"""API of live feedback: open it for a patient (staff only).

Opening live feedback is refused with 409 Conflict while the safety gate for recording a session
today is shut (as starting a course is): the request is well formed, but the patient's present
state forbids it; the answer names the reasons, the findings awaiting a clearance and the page
where a clearance is recorded.
"""

from __future__ import annotations

from django.urls import reverse
from ninja import Router, Status

from knotwork.common.errors import responses
from knotwork.common.requests import AuthenticatedRequest
from knotwork.domain.live import DiscomfortWindow
from knotwork.live import services
from knotwork.live.schemas import LiveRefusedOut, LiveStartIn, LiveStartOut
from knotwork.patients.querysets import get_patient_for_staff

router = Router(tags=["live feedback"])


@router.post(
    "/patients/{patient_id}/live",
    response=responses(LiveStartOut, 201, _409=LiveRefusedOut),
    summary="Open live pressure feedback for a patient (staff only). 409 while the safety gate "
    "for a session today is shut, with the reasons",
)
def start_live(
    request: AuthenticatedRequest, patient_id: int, payload: LiveStartIn
) -> Status[LiveStartOut | LiveRefusedOut]:
    patient = get_patient_for_staff(request.user, patient_id)
    clearance_url = request.build_absolute_uri(
        reverse("clearance_new", kwargs={"patient_id": patient.pk})
    )
    try:
        live = services.start_live_session(
            actor=request.user,
            patient=patient,
            plan=payload.plan,
            window=DiscomfortWindow(payload.window_low, payload.window_high),
            request=request,
        )
    except services.GateClosed as closed:
        decision = closed.decision
        return Status(
            409,
            LiveRefusedOut(
                detail="The safety gate is shut, so live feedback cannot start: " + str(closed),
                reasons=list(decision.reasons),
                outstanding=list(dict.fromkeys(o.key for o in decision.outstanding)),
                clearance_url=clearance_url,
            ),
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
