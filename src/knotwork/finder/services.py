"""Writers of palpation findings; the finder itself is the domain's."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.http import HttpRequest

from knotwork.audit.models import AuditAction
from knotwork.audit.services import record, record_event
from knotwork.clinics.models import Clinic
from knotwork.common.errors import Refusal
from knotwork.finder.models import PalpationFinding
from knotwork.finder.palpation import InvalidFinding, parse_finding

if TYPE_CHECKING:
    from knotwork.accounts.models import User
    from knotwork.painmaps.models import PainMapRecord
    from knotwork.patients.models import Patient


NOT_THIS_PATIENTS_MAP = "is not a pain map of this patient"


class FindingRefused(Refusal):
    """A palpation finding the rules refuse (`palpation.InvalidFinding`), field by field."""


@transaction.atomic
def record_palpation_finding(
    *,
    actor: User,
    patient: Patient,
    finding: Mapping[str, Any],
    pain_map: PainMapRecord | None = None,
    request: HttpRequest | None = None,
) -> PalpationFinding:
    """Validate the whole finding first (FindingRefused names bad fields), then store and audit."""
    try:
        parsed = parse_finding(finding)
    except InvalidFinding as invalid:
        raise FindingRefused.of_fields(invalid.errors) from None
    if pain_map is not None and pain_map.patient_id != patient.pk:
        raise FindingRefused(NOT_THIS_PATIENTS_MAP, field="pain_map_id")
    stored = PalpationFinding.objects.create(
        patient=patient,
        pain_map=pain_map,
        muscle=parsed.muscle,
        trigger_point=parsed.trigger_point,
        side=parsed.side,
        found=parsed.found,
        tenderness=parsed.tenderness,
        twitch_response=parsed.twitch_response,
        referred_pain_reproduced=parsed.referred_pain_reproduced,
        note=parsed.note,
        examined_by=actor,
    )
    record(
        actor=actor,
        patient=patient,
        action=AuditAction.CREATE,
        subject="palpation_finding",
        subject_id=stored.pk,
        detail=(
            f"{parsed.muscle}/{parsed.trigger_point} ({parsed.side}): "
            f"{'found' if parsed.found else 'not found'}, tenderness {parsed.tenderness}"
        ),
        request=request,
    )
    return stored


@transaction.atomic
def set_learning(
    *, actor: User, clinic: Clinic, on: bool, request: HttpRequest | None = None
) -> bool:
    """Switch the clinic's learned layer on or off; audited with the old and new value. Returns
    whether anything changed (saving the same value writes nothing)."""
    # Read under a lock: two admins saving at once each audit the change they really made.
    current = Clinic.objects.select_for_update().get(pk=clinic.pk)
    if current.learn_from_findings == on:
        return False
    current.learn_from_findings = on
    current.save(update_fields=["learn_from_findings"])
    clinic.learn_from_findings = on
    record_event(
        actor=actor,
        clinic=clinic,
        action=AuditAction.ADMIN,
        subject="clinic",
        subject_id=clinic.pk,
        detail="the finder learns from this clinic's palpation findings"
        if on
        else "the finder no longer learns from this clinic's palpation findings",
        changes={"learn_from_findings": {"old": not on, "new": on}},
        request=request,
    )
    return True
