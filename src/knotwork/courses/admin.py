"""A clinic's course settings in Django's admin, for operators; every change is audited."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.contrib import admin

from knotwork.audit.admin import AuditedAdmin
from knotwork.courses.models import CourseSettings

if TYPE_CHECKING:
    from knotwork.clinics.models import Clinic


@admin.register(CourseSettings)
class CourseSettingsAdmin(AuditedAdmin[CourseSettings]):
    list_display = ("clinic", "sessions", "weeks", "review_after")

    def audit_clinics(self, obj: CourseSettings) -> Iterable[Clinic]:
        return [obj.clinic]
