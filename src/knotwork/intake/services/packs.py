"""Loading a clinic's instrument pack: licensed wording, validated by `outcomes.load_pack`."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest

from knotwork.audit.models import AuditAction
from knotwork.audit.services import diff, record_event, snapshot
from knotwork.domain import outcomes
from knotwork.intake.models import InstrumentPackFile

if TYPE_CHECKING:
    from knotwork.accounts.models import User
    from knotwork.clinics.models import Clinic

PACK_MAX_BYTES = 256 * 1024
PACK_SUFFIXES = (".yaml", ".yml", ".json")


def _read(upload: UploadedFile[Any]) -> tuple[str, str]:
    name = (upload.name or "").lower()
    suffix = Path(name).suffix
    if suffix not in PACK_SUFFIXES:
        raise outcomes.PackError(["upload a .yaml, .yml or .json pack file"])
    if (upload.size or 0) > PACK_MAX_BYTES:
        raise outcomes.PackError([f"the file is larger than {PACK_MAX_BYTES // 1024} KiB"])
    try:
        return upload.read().decode("utf-8"), suffix
    except UnicodeDecodeError:
        raise outcomes.PackError(["the file is not UTF-8 text"]) from None


@transaction.atomic
def load_clinic_pack(
    *,
    actor: User,
    clinic: Clinic,
    upload: UploadedFile[Any],
    request: HttpRequest | None = None,
) -> InstrumentPackFile:
    """Validate the file with `load_pack` and keep it as the clinic's wording for its instrument.

    `PackError.problems` lists every mismatch; nothing is stored then. A new pack for the same
    instrument replaces the old one.
    """
    text, suffix = _read(upload)
    # load_pack reads a path and picks JSON or YAML by the suffix, so the upload goes to a
    # temporary file with the same suffix: the validation is exactly the CLI's.
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"pack{'.json' if suffix == '.json' else '.yaml'}"
        path.write_text(text, encoding="utf-8")
        try:
            pack = outcomes.load_pack(path)
        except (yaml.YAMLError, json.JSONDecodeError, ValueError, TypeError, KeyError) as error:
            if isinstance(error, outcomes.PackError):
                raise
            raise outcomes.PackError([f"the file cannot be read as a pack: {error}"]) from None
    data = json.loads(text) if suffix == ".json" else yaml.safe_load(text)
    earlier = InstrumentPackFile.objects.filter(clinic=clinic, instrument=pack.instrument).first()
    audited = ("licence", "language", "uploaded_by_id")
    before = snapshot(earlier, audited) if earlier is not None else {}
    stored, created = InstrumentPackFile.objects.update_or_create(
        clinic=clinic,
        instrument=pack.instrument,
        defaults={
            # JSON round trip: YAML may hold dates or integer keys that a JSONField cannot keep.
            "data": json.loads(json.dumps(data, default=str)),
            "licence": pack.licence[:500],
            "language": pack.language[:20],
            "uploaded_by": actor,
        },
    )
    changes = diff(before, snapshot(stored, audited))
    if earlier is not None and earlier.data != stored.data:
        changes["data"] = {"old": "the earlier pack's wording", "new": "the uploaded file's"}
    record_event(
        actor=actor,
        clinic=clinic,
        action=AuditAction.ADMIN,
        subject="instrument_pack",
        subject_id=stored.pk,
        detail=f"{'loaded' if created else 'replaced'} the {pack.instrument} pack "
        f"({upload.name}, {pack.language or 'no language given'})",
        changes=changes,
        request=request,
    )
    return stored
