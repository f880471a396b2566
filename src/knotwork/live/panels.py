"""The live-feedback section of the staff patient page: open it, and the past sessions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from knotwork.common.pagination import latest
from knotwork.common.requests import AuthenticatedRequest
from knotwork.live.forms import StartLiveForm
from knotwork.live.models import LiveSession
from knotwork.patients.panels import Panel

if TYPE_CHECKING:
    from knotwork.patients.models import Patient


def patient_panel(request: AuthenticatedRequest, patient: Patient) -> Panel | None:
    sessions = latest(LiveSession.objects.restrict(request.user).filter(patient=patient), 10)
    return Panel(
        "live/_panel.html",
        {"patient": patient, "form": StartLiveForm(patient=patient), "sessions": sessions},
    )
