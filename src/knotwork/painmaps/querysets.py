"""Scoped reads of pain maps: 404 outside the user's clinics (or for another patient)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch

from knotwork.painmaps.models import PainMapRecord

if TYPE_CHECKING:
    from knotwork.accounts.models import User
    from knotwork.patients.models import Patient

# The latest maps the patient page's panels show (the pain-map panel one, the finder's five).
RECENT_MAPS = 5
_RECENT_ATTR = "recent_pain_maps"


def recent_pain_maps_prefetch() -> Prefetch[Any, Any, Any]:
    """The latest RECENT_MAPS maps with their marks, prefetched once for every panel."""
    latest = PainMapRecord.objects.prefetch_related("marks")[:RECENT_MAPS]
    return Prefetch("pain_maps", queryset=latest, to_attr=_RECENT_ATTR)


def recent_pain_maps(patient: Patient) -> list[PainMapRecord]:
    """The patient's latest maps, newest first, with their marks: the page's prefetch when it
    made one (`recent_pain_maps_prefetch`), else read now."""
    loaded: list[PainMapRecord] | None = getattr(patient, _RECENT_ATTR, None)
    if loaded is None:
        loaded = list(patient.pain_maps.prefetch_related("marks")[:RECENT_MAPS])
    return loaded


def get_pain_map_for_user(user: User, pain_map_id: int) -> PainMapRecord:
    """The pain map if the user may see its patient's record (staff or the patient), else 404."""
    return PainMapRecord.objects.get_for_user_or_404(user, pain_map_id, what="pain map")


def get_pain_map_for_staff(user: User, pain_map_id: int) -> PainMapRecord:
    """The pain map if the user is staff of its patient's clinic, else 404 (patients too)."""
    return PainMapRecord.objects.get_for_user_or_404(
        user, pain_map_id, staff_only=True, what="pain map"
    )
