"""What one clinic's palpation findings say about a map, for the learned layer of the ranking
(`knotwork.domain.referral.learning`; docs/finder.md, "Learning from the clinic's findings").

Two queries per ranking whatever the number of findings: the clinic's findings counted in the
database per (pain map, trigger point, side), and the marks of those maps. Every read is scoped
to the one clinic by the patient's clinic id, so one clinic's findings never reach another's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import Count, Q

from knotwork.domain.referral.learning import Key, PastMap, Tally, evidence
from knotwork.finder.models import PalpationFinding
from knotwork.painmaps.models import PainMark

if TYPE_CHECKING:
    from knotwork.clinics.models import Clinic
    from knotwork.common.requests import KnotworkRequest
    from knotwork.patients.models import Patient


def learning_clinic(request: KnotworkRequest, patient: Patient) -> Clinic | None:
    """The patient's clinic when it learns from its findings, else None. Read from the
    memberships the request looked up once (the caller has scoped the patient to them)."""
    for membership in request.clinic_choice.memberships:
        if membership.clinic_id == patient.clinic_id:
            return membership.clinic if membership.clinic.learn_from_findings else None
    return None


def past_maps(
    clinic_id: int,
    *,
    exclude_map: int | None = None,
    before: datetime | None = None,
    touching: Collection[str] = (),
) -> list[PastMap]:
    """The clinic's examined pain maps with their findings per trigger point and side.

    Only findings recorded from a map's candidates count (they name the map that was ranked);
    the map being ranked is left out (its own findings are shown beside its candidates, and
    would make it its own evidence); `before` keeps only findings recorded earlier (the replay);
    `touching` keeps only maps painful in at least one of these regions (any other map's
    similarity is 0, so the database need not send it).
    """
    findings = PalpationFinding.objects.filter(
        patient__clinic_id=clinic_id, pain_map__isnull=False, pain_map__no_pain=False
    )
    if touching:
        findings = findings.filter(
            pain_map__in=PainMark.objects.filter(region__in=list(touching), intensity__gt=0).values(
                "pain_map_id"
            )
        )
    if exclude_map is not None:
        findings = findings.exclude(pain_map_id=exclude_map)
    if before is not None:
        findings = findings.filter(examined_at__lt=before)
    counted = (
        findings.order_by()
        .values_list("pain_map_id", "muscle", "trigger_point", "side")
        .annotate(examined=Count("id"), confirmed=Count("id", filter=Q(found=True)))
    )
    by_map: dict[int, dict[Key, Tally]] = defaultdict(dict)
    for map_id, muscle, trigger_point, side, examined, confirmed in counted:
        assert map_id is not None  # filtered above
        by_map[map_id][(muscle, trigger_point, side)] = Tally(examined, confirmed)
    if not by_map:
        return []
    marks = PainMark.objects.filter(
        pain_map_id__in=findings.values("pain_map_id"), intensity__gt=0
    ).values_list("pain_map_id", "region", "intensity")
    painful: dict[int, dict[str, int]] = defaultdict(dict)
    for map_id, region, intensity in marks:
        painful[map_id][region] = intensity
    return [PastMap(painful[m], tallies) for m, tallies in by_map.items() if m in painful]


def clinic_evidence(
    clinic_id: int, painful: dict[str, int], *, exclude_map: int | None = None
) -> dict[Key, Tally]:
    """Per trigger point on a side: examined and confirmed at this clinic for maps similar to
    `painful`."""
    return evidence(painful, past_maps(clinic_id, exclude_map=exclude_map, touching=painful))
