"""End a session after a period without requests (30 minutes for staff by default), and keep
the session's row (device, address, last use) up to date for the sessions page."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

from knotwork.accounts.services.sessions import touch
from knotwork.common.requests import KnotworkRequest

if TYPE_CHECKING:
    from knotwork.accounts.models import User

LAST_SEEN_KEY = "knotwork_last_seen"
# Refreshing the last-seen time saves the session, a database write; once a minute is precise
# enough for a 30-minute limit and spares every other request that write.
REFRESH_SECONDS = 60


def idle_limit_seconds(request: KnotworkRequest, user: User) -> int:
    """The staff limit for anyone with an active membership (a staff login reaches other
    patients' records, even when its owner is also a patient), the longer patient limit for a
    patient's own login, the staff limit for anybody else.

    The memberships are the ones the page looks up anyway (`request.clinic_choice`), so staff
    requests need no look-up of a patient record.
    """
    if request.clinic_choice.memberships or not user.is_patient:
        return settings.STAFF_IDLE_MINUTES * 60
    return settings.PATIENT_IDLE_MINUTES * 60


class IdleTimeoutMiddleware:
    """Log out a user whose last request is older than their role's inactivity limit."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: KnotworkRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            last_seen = request.session.get(LAST_SEEN_KEY, now)
            if now - last_seen > idle_limit_seconds(request, request.user):
                logout(request)
                request.session["knotwork_idle_logout"] = True
            elif now - last_seen >= REFRESH_SECONDS or LAST_SEEN_KEY not in request.session:
                request.session[LAST_SEEN_KEY] = now
                touch(request, request.user)
        return self.get_response(request)
