"""The request types views and API operations declare, so `request.user` has the right type.

Django types `request.user` as `User | AnonymousUser`: true of a page anybody may open, never of
one behind `@login_required` or of an API operation behind the API's session auth. A view says
which it is by the type of its `request` parameter:

- `KnotworkRequest`: any request (a login page, the health check, the context processor);
  `request.user` may be anonymous.
- `AuthenticatedRequest`: a view decorated with `@login_required`, and every operation of the
  JSON API (`api/root.py` sets `auth=django_auth`, so ninja answers 401 before the operation
  runs); `request.user` is a `User`.

Both carry `request.clinic_choice` (set by `knotwork.clinics.middleware.ClinicChoiceMiddleware`),
through which `knotwork.clinics.querysets.current_membership` finds the clinic the request acts
in. Nothing here is checked at run time: the decorator or the API's auth is what guarantees a
logged-in user, and `tests/web/test_access_matrix.py` proves an anonymous visitor is refused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from knotwork.accounts.models import User
    from knotwork.clinics.middleware import ClinicChoice


class KnotworkRequest(HttpRequest):
    """A request that passed Knotwork's middleware; the user may be anonymous."""

    user: User | AnonymousUser
    clinic_choice: ClinicChoice


class AuthenticatedRequest(KnotworkRequest):
    """A request behind login (`@login_required`, or the API's session auth)."""

    user: User
