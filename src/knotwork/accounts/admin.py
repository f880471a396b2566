"""Logins in Django's admin, for operators. A login with audit entries cannot be deleted (the
trail's actor is PROTECT): switch it off (`is_active`) instead. Changes are audited in every
clinic the login is a member of."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.contrib import admin

from knotwork.accounts.models import User
from knotwork.audit.admin import AuditedAdmin

if TYPE_CHECKING:
    from knotwork.clinics.models import Clinic


@admin.register(User)
class UserAdmin(AuditedAdmin[User]):
    list_display = ("email", "display_name", "is_active", "is_superuser", "last_login")
    search_fields = ("email", "display_name")
    exclude = ("password",)

    def audit_clinics(self, obj: User) -> Iterable[Clinic]:
        return [m.clinic for m in obj.memberships.select_related("clinic")] if obj.pk else []
