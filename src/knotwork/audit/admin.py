"""The trail in Django's admin (read-only), and `AuditedAdmin`: what an operator changes in the
admin is an entry like any other, with the operator as actor and each field's old and new value."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib import admin
from django.db import models
from django.forms import ModelForm
from django.http import HttpRequest

from knotwork.audit.models import AuditAction, AuditEntry
from knotwork.audit.services import changed_words, diff, record_event, snapshot

if TYPE_CHECKING:
    from knotwork.clinics.models import Clinic

M = TypeVar("M", bound=models.Model)

# Never copied into the trail, whatever the model.
SECRET_FIELDS = frozenset({"password", "token_hash", "key"})


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    """Read-only: the trail cannot be edited or deleted, not even by operators."""

    list_display = ("at", "clinic", "actor_email", "patient_name", "action", "subject", "detail")
    list_filter = ("action", "clinic")
    search_fields = ("patient_name", "actor_email", "detail")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class AuditedAdmin(admin.ModelAdmin[M]):
    """A model admin whose saves and deletions write an ADMIN entry in each clinic concerned
    (`audit_clinics`), in the admin's own transaction."""

    def audit_clinics(self, obj: M) -> Iterable[Clinic]:
        raise NotImplementedError

    def _fields(self, obj: M) -> list[str]:
        return [
            field.attname
            for field in obj._meta.concrete_fields
            if field.attname not in SECRET_FIELDS and not field.primary_key
        ]

    def save_model(self, request: HttpRequest, obj: M, form: ModelForm[M], change: bool) -> None:
        fields = self._fields(obj)
        stored = type(obj)._default_manager.filter(pk=obj.pk).first() if change else None
        before = snapshot(stored, fields) if stored is not None else {}
        super().save_model(request, obj, form, change)
        changes = diff(before, snapshot(obj, fields))
        if changes:
            what = changed_words(changes) if change else "created"
            self._record(request, obj, f"{what} in the Django admin", changes)

    def delete_model(self, request: HttpRequest, obj: M) -> None:
        self._record(request, obj, "deleted in the Django admin", {})
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[M]) -> None:
        for obj in queryset:
            self._record(request, obj, "deleted in the Django admin", {})
        super().delete_queryset(request, queryset)

    def _record(self, request: HttpRequest, obj: M, detail: str, changes: dict[str, Any]) -> None:
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
        for clinic in self.audit_clinics(obj):
            record_event(
                actor=actor,
                clinic=clinic,
                action=AuditAction.ADMIN,
                subject=obj._meta.model_name or "record",
                subject_id=obj.pk,
                detail=f"{obj}: {detail}",
                changes=changes,
                request=request,
            )
