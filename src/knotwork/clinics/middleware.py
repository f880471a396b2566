"""Give every request the clinic it acts in, looked up on first use (`request.clinic_choice`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property

from django.http import HttpRequest, HttpResponseBase

from knotwork.clinics.models import Membership
from knotwork.clinics.querysets import CURRENT_CLINIC_KEY, memberships
from knotwork.common.requests import KnotworkRequest


class ClinicChoice:
    """The staff role a request acts in: the clinic chosen in this session, else the first.

    Looked up once, on first use: the view and the page's context processor both ask, and a
    request that never asks (a static file, a patient's page) costs no query.
    """

    def __init__(self, request: KnotworkRequest) -> None:
        self._request = request

    @cached_property
    def memberships(self) -> list[Membership]:
        """The user's active memberships (with a token: the token's only), looked up once."""
        return memberships(self._request.user)

    @cached_property
    def membership(self) -> Membership | None:
        found = self.memberships
        chosen = self._request.session.get(CURRENT_CLINIC_KEY)
        return next((m for m in found if m.clinic_id == chosen), found[0] if found else None)


class ClinicChoiceMiddleware:
    """Sets `request.clinic_choice`; comes after the authentication middleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: KnotworkRequest) -> HttpResponseBase:
        request.clinic_choice = ClinicChoice(request)
        return self.get_response(request)
