"""Outgoing mail in Django's admin, read-only: operators see what is owed and what was sent."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from knotwork.outbox.models import OutboundMail


@admin.register(OutboundMail)
class OutboundMailAdmin(admin.ModelAdmin[OutboundMail]):
    """Read-only: a mail is changed by nobody, only sent (or left to expire)."""

    list_display = ("created_at", "about", "subject", "attempts", "sent_at", "expires_at")
    list_filter = ("about",)
    # The body may hold a one-time link until it is sent: operators see only what it is about.
    exclude = ("body",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
