"""Writers for pain maps. Validation is the domain's (`parse_marks`): all or nothing."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from knotwork.audit.models import AuditAction
from knotwork.audit.services import record
from knotwork.clinics.models import hash_token
from knotwork.common.errors import Refusal
from knotwork.domain.painmap import InvalidPainMap, check_recordable, parse_marks
from knotwork.outbox.services import queue_mail
from knotwork.painmaps.models import DrawingLink, DrawnVia, PainMapRecord, PainMark

if TYPE_CHECKING:
    from knotwork.accounts.models import User
    from knotwork.patients.models import Patient

DRAWING_LINK_HOURS = 72


class PainMapRefused(Refusal):
    """A drawing the domain's rules refuse (`domain.painmap.InvalidPainMap`), field by field."""


class DrawingLinkError(Refusal):
    """The drawing link cannot be used (gone: used or expired); the message says why."""

    status = 410


@transaction.atomic
def record_pain_map(
    *,
    actor: User | None,
    patient: Patient,
    marks: Iterable[object],
    note: str = "",
    no_pain: bool = False,
    via: DrawnVia,
    request: HttpRequest | None = None,
) -> PainMapRecord:
    """Validate every mark first (PainMapRefused names bad fields), then store the whole map.

    A map with no painful region is refused unless `no_pain` says so on purpose
    (`check_recordable`); `no_pain` with painful marks is refused too.
    """
    try:
        pain_map = parse_marks(list(marks), note=note, no_pain=no_pain)
        check_recordable(pain_map)
    except InvalidPainMap as invalid:
        raise PainMapRefused.of_fields(invalid.errors) from invalid
    stored = PainMapRecord.objects.create(
        patient=patient, drawn_by=actor, drawn_via=via, note=note, no_pain=no_pain
    )
    PainMark.objects.bulk_create(
        PainMark(pain_map=stored, region=m.region, intensity=m.intensity, quality=m.quality or "")
        for m in pain_map.marks
    )
    record(
        actor=actor,
        patient=patient,
        action=AuditAction.CREATE,
        subject="pain_map",
        subject_id=stored.pk,
        detail=("no pain anywhere" if no_pain else f"{len(pain_map.marks)} regions")
        + f", via {via}",
        request=request,
    )
    return stored


@transaction.atomic
def create_drawing_link(*, actor: User, patient: Patient, base_url: str = "") -> str:
    """A one-time link (returned token) for the patient to draw on their phone; valid 72 hours.

    When the patient has an email address the link is mailed to them once the link is saved.
    """
    token = secrets.token_urlsafe(24)
    link = DrawingLink.objects.create(
        patient=patient,
        token_hash=hash_token(token),
        created_by=actor,
        expires_at=timezone.now() + timedelta(hours=DRAWING_LINK_HOURS),
    )
    record(
        actor=actor,
        patient=patient,
        action=AuditAction.CREATE,
        subject="drawing_link",
        detail="one-time pain-map link created"
        + (f", mailed to {patient.email}" if patient.email else ""),
    )
    if patient.email:
        _owe_drawing_link_mail(patient, f"{base_url}{reverse('link_draw', args=[token])}", link)
    return token


def _owe_drawing_link_mail(patient: Patient, url: str, link: DrawingLink) -> None:
    """Owed in the link's transaction; the link is forgotten once sent, never sent expired."""
    queue_mail(
        about="drawing link",
        subject=f"{patient.clinic.name}: show us where it hurts",
        body=(
            f"Hello {patient.given_name},\n\n"
            f"{patient.clinic.name} asks you to mark where you feel pain today, on your phone:\n"
            f"{url}\n\n"
            "The link works once and expires in 72 hours. It takes about a minute."
        ),
        to=[patient.email],
        forget_body=True,
        expires_at=link.expires_at,
    )


def find_drawing_link(token: str) -> DrawingLink:
    link = (
        DrawingLink.objects.select_related("patient").filter(token_hash=hash_token(token)).first()
    )
    if link is None:
        raise DrawingLinkError("This link is not valid. Ask your clinic for a new one.")
    if link.used_at:
        raise DrawingLinkError("This link has already been used. Thank you, your map was saved.")
    if link.expires_at <= timezone.now():
        raise DrawingLinkError("This link has expired. Ask your clinic for a new one.")
    return link


@transaction.atomic
def record_pain_map_by_link(
    *,
    token: str,
    marks: Iterable[object],
    note: str = "",
    no_pain: bool = False,
    request: HttpRequest | None = None,
) -> PainMapRecord:
    link = find_drawing_link(token)
    link = DrawingLink.objects.select_for_update().get(pk=link.pk)
    if link.used_at:
        raise DrawingLinkError("This link has already been used.")
    stored = record_pain_map(
        actor=None,
        patient=link.patient,
        marks=marks,
        note=note,
        no_pain=no_pain,
        via=DrawnVia.LINK,
        request=request,
    )
    link.used_at = timezone.now()
    link.pain_map = stored
    link.save(update_fields=["used_at", "pain_map"])
    return stored
