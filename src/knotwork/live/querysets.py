"""Scoped reads of live sessions: 404 outside the user's clinics, and for patients."""

from __future__ import annotations

from typing import TYPE_CHECKING

from knotwork.live.models import LiveSession

if TYPE_CHECKING:
    from knotwork.accounts.models import User


def get_live_for_staff(user: User, live_id: int) -> LiveSession:
    """The live session if the user is staff of its patient's clinic, else 404."""
    return LiveSession.objects.get_for_user_or_404(user, live_id, staff_only=True)
