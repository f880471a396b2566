"""Scoped reads of live sessions: 404 outside the user's clinics, and for patients."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from knotwork.clinics.querysets import is_staff_of
from knotwork.live.models import LiveSession

if TYPE_CHECKING:
    from knotwork.accounts.models import User


def get_live_for_staff(user: User, live_id: int) -> LiveSession:
    """The live session if the user is staff of its patient's clinic, else 404."""
    live = LiveSession.objects.for_user(user).select_related("patient").filter(pk=live_id).first()
    if live is None or not is_staff_of(user, live.patient.clinic_id):
        raise Http404("No such live session.")
    return live
