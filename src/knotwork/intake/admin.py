"""A clinic's instrument packs in Django's admin, for operators: read-only, removal audited.

A pack is licensed wording that `services.packs.load_clinic_pack` validated against the
instrument on upload; an edit here would skip that validation, so operators may look at a pack
and remove it (a licence ended), and a clinic admin loads a new one on the instrument-packs
page. The removal is an entry of the clinic's trail with the operator as actor (`AuditedAdmin`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.contrib import admin
from django.http import HttpRequest

from knotwork.audit.admin import AuditedAdmin
from knotwork.intake.models import InstrumentPackFile

if TYPE_CHECKING:
    from knotwork.clinics.models import Clinic


@admin.register(InstrumentPackFile)
class InstrumentPackAdmin(AuditedAdmin[InstrumentPackFile]):
    list_display = ("clinic", "instrument", "language", "licence", "uploaded_by", "uploaded_at")
    list_filter = ("instrument", "clinic")

    def audit_clinics(self, obj: InstrumentPackFile) -> Iterable[Clinic]:
        return [obj.clinic]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
