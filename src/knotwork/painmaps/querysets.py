"""Scoped reads of pain maps: 404 outside the user's clinics (or for another patient)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from knotwork.clinics.querysets import is_staff_of
from knotwork.painmaps.models import PainMapRecord

if TYPE_CHECKING:
    from knotwork.accounts.models import User


def get_pain_map_for_user(user: User, pain_map_id: int) -> PainMapRecord:
    """The pain map if the user may see its patient's record (staff or the patient), else 404."""
    stored = (
        PainMapRecord.objects.for_user(user)
        .select_related("patient")
        .filter(pk=pain_map_id)
        .first()
    )
    if stored is None:
        raise Http404("No such pain map.")
    return stored


def get_pain_map_for_staff(user: User, pain_map_id: int) -> PainMapRecord:
    """The pain map if the user is staff of its patient's clinic, else 404 (patients too)."""
    stored = get_pain_map_for_user(user, pain_map_id)
    if not is_staff_of(user, stored.patient.clinic_id):
        raise Http404("No such pain map.")
    return stored
