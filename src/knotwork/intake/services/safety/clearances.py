"""Physician clearances: what they may cover, and recording one (with an optional letter)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from knotwork.audit.models import AuditAction
from knotwork.audit.services import record
from knotwork.domain import safety
from knotwork.intake.letters import LetterRefused, rebuilt_letter
from knotwork.intake.models import Clearance
from knotwork.intake.services.safety.gate import SafetyInputError, screen_outcomes

if TYPE_CHECKING:
    from knotwork.accounts.models import User
    from knotwork.patients.models import Patient


def finding_keys(patient: Patient) -> set[str]:
    """Every finding key (`rf_...`, `ps_...`) raised by any screen of this patient."""
    return {f.key for outcome in screen_outcomes(patient) for f in outcome.findings}


def _dated_before_finding(
    patient: Patient, keys: Iterable[str], cleared_on: date
) -> tuple[str, date] | None:
    """The first key whose finding this clearance would not clear, with the finding's date.

    A clearance must postdate the finding it clears (`domain.safety.Clearance.covers`): the
    latest finding of the key that no clearance on record covers yet, or else its first one.
    """
    findings: dict[str, list[date]] = {}
    for outcome in screen_outcomes(patient):
        for finding in outcome.findings:
            findings.setdefault(finding.key, []).append(outcome.screened_on)
    on_record = [c.to_domain() for c in patient.clearances.all()]
    for key in keys:
        days = findings.get(key, [])
        open_days = [
            day for day in days if not any(key in c.keys and c.cleared_on >= day for c in on_record)
        ]
        target = max(open_days) if open_days else min(days, default=None)
        if target is not None and cleared_on < target:
            return key, target
    return None


@transaction.atomic
def record_clearance(
    *,
    actor: User,
    patient: Patient,
    cleared_by: str,
    cleared_on: date,
    keys: Iterable[str],
    note: str = "",
    letter: UploadedFile[Any] | None = None,
    request: HttpRequest | None = None,
) -> Clearance:
    """Record a physician clearance for named findings; refused whole when any part is wrong."""
    cleared_by = cleared_by.strip()
    wanted = sorted(set(keys))
    if not cleared_by:
        raise SafetyInputError("cleared_by", "Name the physician who cleared the patient.")
    if cleared_on > timezone.localdate():
        raise SafetyInputError("cleared_on", "A clearance cannot be dated in the future.")
    if not wanted:
        raise SafetyInputError("keys", "Choose the findings this clearance covers.")
    unknown = [key for key in wanted if key not in finding_keys(patient)]
    if unknown:
        raise SafetyInputError("keys", f"No screen of this patient found: {', '.join(unknown)}.")
    too_early = _dated_before_finding(patient, wanted, cleared_on)
    if too_early:
        key, found_on = too_early
        raise SafetyInputError(
            "cleared_on",
            f"This clearance is dated {cleared_on.isoformat()}, before the finding it should "
            f"clear ({safety.finding_label(key)}, recorded on {found_on.isoformat()}). A "
            f"clearance only covers findings recorded on or before its date: date it on or "
            f"after {found_on.isoformat()}.",
        )
    stored_letter = None
    if letter is not None:
        try:
            stored_letter = rebuilt_letter(letter)
        except LetterRefused as refused:
            raise SafetyInputError("letter", str(refused)) from None
    clearance = Clearance(
        patient=patient,
        cleared_by=cleared_by,
        cleared_on=cleared_on,
        keys=wanted,
        note=note.strip(),
        recorded_by=actor,
    )
    if stored_letter is not None:
        clearance.letter.save(stored_letter.name or "letter", stored_letter, save=False)
    clearance.save()
    record(
        actor=actor,
        patient=patient,
        action=AuditAction.CREATE,
        subject="clearance",
        subject_id=clearance.pk,
        detail=f"cleared by {cleared_by} on {cleared_on.isoformat()} for {', '.join(wanted)}"
        + ("; letter attached" if letter is not None else ""),
        request=request,
    )
    return clearance
