from django.contrib import admin
from django.http import HttpRequest

from knotwork.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    """Read-only: the trail cannot be edited or deleted, not even by operators."""

    list_display = ("at", "clinic", "actor", "patient_name", "action", "subject", "detail")
    list_filter = ("action", "clinic")
    search_fields = ("patient_name", "actor__email", "detail")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
