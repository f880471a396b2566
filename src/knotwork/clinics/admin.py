"""Clinics and memberships in Django's admin, for operators: every save and deletion is an
audit entry of the clinic (`AuditedAdmin`), and a membership switched off here ends like one
switched off on the members page (sessions, API tokens and calendar feeds stop)."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest

from knotwork.audit.admin import AuditedAdmin
from knotwork.clinics.models import Clinic, Membership
from knotwork.clinics.signals import membership_ended


@admin.register(Clinic)
class ClinicAdmin(AuditedAdmin[Clinic]):
    list_display = ("name", "is_demo", "created_at")

    def audit_clinics(self, obj: Clinic) -> Iterable[Clinic]:
        return [obj] if obj.pk else []


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin[Membership]):
    list_display = ("user", "clinic", "role", "is_active")
    list_filter = ("role", "clinic")

    def audit_clinics(self, obj: Membership) -> Iterable[Clinic]:
        return [obj.clinic]

    def save_model(
        self, request: HttpRequest, obj: Membership, form: ModelForm[Membership], change: bool
    ) -> None:
        stored = Membership.objects.filter(pk=obj.pk).first() if change else None
        super().save_model(request, obj, form, change)
        if stored is not None and stored.is_active and not obj.is_active:
            membership_ended.send(sender=Membership, membership=obj)
