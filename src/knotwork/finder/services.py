"""Writers and scoped reads for palpation findings; the finder itself is the domain's."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.http import Http404, HttpRequest

from knotwork.audit.models import AuditAction
from knotwork.audit.services import record
from knotwork.domain.painmap import FieldError, to_json
from knotwork.domain.referral import rank_json
from knotwork.finder.models import PalpationFinding
from knotwork.finder.palpation import InvalidFinding, parse_finding

if TYPE_CHECKING:
    from knotwork.accounts.models import User
    from knotwork.painmaps.models import PainMapRecord
    from knotwork.patients.models import Patient


@transaction.atomic
def record_palpation_finding(
    *,
    actor: User,
    patient: Patient,
    finding: Mapping[str, Any],
    pain_map: PainMapRecord | None = None,
    request: HttpRequest | None = None,
) -> PalpationFinding:
    """Validate the whole finding first (InvalidFinding names bad fields), then store and audit."""
    parsed = parse_finding(finding)
    if pain_map is not None and pain_map.patient_id != patient.pk:
        raise InvalidFinding([FieldError("pain_map_id", "is not a pain map of this patient")])
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


def pain_map_for_user(user: User, pain_map_id: int) -> PainMapRecord:
    """The pain map if the user may see its patient's record (staff or the patient), else 404."""
    from knotwork.painmaps.models import PainMapRecord

    stored = (
        PainMapRecord.objects.for_user(user)
        .select_related("patient")
        .filter(pk=pain_map_id)
        .first()
    )
    if stored is None:
        raise Http404("No such pain map.")
    return stored


def rank_stored(stored: PainMapRecord, context: Mapping[str, Any]) -> dict[str, Any]:
    """`rank_json` for a stored map plus context (factors, features, top); FinderInputError
    names a bad context field exactly as the CLI would."""
    payload = {"marks": to_json(stored.to_domain())["marks"], **context}
    return rank_json({k: v for k, v in payload.items() if v is not None})


def findings_of(patient: Patient) -> list[PalpationFinding]:
    """The patient's findings, newest first (the caller has already scoped the patient)."""
    return list(patient.palpation_findings.select_related("examined_by")[:200])


def latest_by_trigger_point(
    findings: list[PalpationFinding],
) -> dict[tuple[str, str, str], PalpationFinding]:
    """The newest finding per (muscle, trigger point, side), from a newest-first list."""
    latest: dict[tuple[str, str, str], PalpationFinding] = {}
    for finding in findings:
        latest.setdefault((finding.muscle, finding.trigger_point, finding.side), finding)
    return latest
