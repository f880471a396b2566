"""Django's admin is for superusers only (operators), never for clinic staff."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest


def _superuser_only(request: HttpRequest) -> bool:
    return bool(request.user.is_active and request.user.is_superuser)


# One check differs from Django's site; a subclass would need its own AdminConfig too.
admin.site.has_permission = _superuser_only  # type: ignore[method-assign]  # only has_permission differs
admin.site.site_header = "Knotwork operators"
