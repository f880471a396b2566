"""Consent: the patient's treatment consent, one resource per consent on record.

`consent_records` is the one place that reads them: the patient's treatment consents
(`knotwork.courses.models.TreatmentConsent`, anything with the attributes of `ConsentRecord`),
withdrawn ones included (as inactive), and `consent()` maps each.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, Protocol

from knotwork.courses.models import TreatmentConsent
from knotwork.interop.codes import CONSENT_CATEGORY, CONSENT_SCOPE, coding, concept
from knotwork.interop.links import Key
from knotwork.interop.mapping.context import ExportContext, Mapped, day, instant


class ConsentRecord(Protocol):
    """What the export needs of one treatment consent."""

    # Read-only members, so a model's properties (the text's version and words) fit.
    @property
    def pk(self) -> int: ...
    # "signed" on the phone or "paper" recorded by the therapist, and when.
    @property
    def method(self) -> str: ...
    @property
    def signed_on(self) -> date: ...
    @property
    def recorded_at(self) -> datetime: ...
    # The clinic's consent text as signed: its version and words.
    @property
    def text_version(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def withdrawn_at(self) -> datetime | None: ...


def consent_records(ctx: ExportContext) -> Iterable[ConsentRecord]:
    """The patient's consents on record, oldest first."""
    return TreatmentConsent.objects.filter(patient=ctx.patient).select_related("consent_text")[::-1]


def consent(ctx: ExportContext, record: ConsentRecord) -> Mapped:
    how = "signed by the patient in Knotwork" if record.method == "signed" else "signed on paper"
    body: dict[str, Any] = {
        "status": "inactive" if record.withdrawn_at else "active",
        "scope": concept("Treatment", coding(CONSENT_SCOPE, "treatment", "Treatment")),
        "category": [
            concept(
                "Consent to neuromuscular (trigger-point) therapy",
                coding(CONSENT_CATEGORY, "treatment-consent", "Treatment consent"),
            )
        ],
        "patient": ctx.subject,
        "dateTime": instant(record.recorded_at),
        "organization": [ctx.organization],
        "sourceAttachment": {
            "contentType": "text/plain; charset=utf-8",
            "title": f"Treatment consent, version {record.text_version} ({how})",
            "creation": day(record.signed_on),
            "data": base64.b64encode(record.text.encode()).decode(),
        },
        "policyRule": concept(f"The clinic's treatment consent, version {record.text_version}"),
        # What was consented to; a withdrawal makes the consent inactive, it does not reverse it.
        "provision": {"type": "permit"},
    }
    return ctx.make(Key("Consent", f"consent/{record.pk}"), body)


def consents(ctx: ExportContext) -> list[Mapped]:
    return [consent(ctx, record) for record in consent_records(ctx)]
