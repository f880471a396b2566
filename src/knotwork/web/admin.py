"""Django's admin is for superusers only (operators), never for clinic staff.

Its own login page is not used: it would ask for a password only. Operators log in through
Knotwork's login, with their second factor (superusers always need one), and come back.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse


def _superuser_only(request: HttpRequest) -> bool:
    user = request.user
    verified = getattr(user, "is_verified", lambda: False)()
    return bool(user.is_active and user.is_superuser and verified)


def _login_through_knotwork(request: HttpRequest, extra_context: object = None) -> HttpResponse:
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"), reverse("login"))


# One check differs from Django's site; a subclass would need its own AdminConfig too.
admin.site.has_permission = _superuser_only  # type: ignore[method-assign]  # only has_permission differs
admin.site.login = _login_through_knotwork  # type: ignore[method-assign]  # and its login page
admin.site.site_header = "Knotwork operators"
