"""Scoped reads of pain maps: 404 outside the user's clinics (or for another patient)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from knotwork.painmaps.models import PainMapRecord

if TYPE_CHECKING:
    from knotwork.accounts.models import User


def get_pain_map_for_user(user: User, pain_map_id: int) -> PainMapRecord:
    """The pain map if the user may see its patient's record (staff or the patient), else 404."""
    return PainMapRecord.objects.get_for_user_or_404(user, pain_map_id, what="pain map")


def get_pain_map_for_staff(user: User, pain_map_id: int) -> PainMapRecord:
    """The pain map if the user is staff of its patient's clinic, else 404 (patients too)."""
    return PainMapRecord.objects.get_for_user_or_404(
        user, pain_map_id, staff_only=True, what="pain map"
    )
