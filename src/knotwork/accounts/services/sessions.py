"""Keeping track of a user's login sessions, and ending them.

Django's session store holds each session; a `LoginSession` row beside it says whose it is,
from which device and address, and when it was last used. Ending a session deletes it from the
store, so its cookie logs nobody in any more.
"""

from __future__ import annotations

import re
from datetime import timedelta
from importlib import import_module
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest
from django.utils import timezone

from knotwork.accounts.models import LoginSession
from knotwork.clinics.querysets import CURRENT_CLINIC_KEY
from knotwork.common.addresses import client_address

if TYPE_CHECKING:
    from knotwork.accounts.models import User


def _store(session_key: str | None = None) -> SessionBase:
    engine = import_module(settings.SESSION_ENGINE)
    store: SessionBase = engine.SessionStore(session_key)
    return store


def track_login(request: HttpRequest, user: User) -> None:
    """A row for the session a login has just made (called on Django's user_logged_in)."""
    key = request.session.session_key
    if not key:
        request.session.save()
        key = request.session.session_key
    LoginSession.objects.update_or_create(
        session_key=key,
        defaults={
            "user": user,
            "user_agent": request.headers.get("User-Agent", "")[:300],
            "ip_address": client_address(request),
            "last_seen_at": timezone.now(),
        },
    )


def touch(request: HttpRequest, user: User) -> None:
    """Record a request of `user` on the current session (the middleware, once a minute)."""
    key = request.session.session_key
    if not key:
        return
    updated = LoginSession.objects.filter(session_key=key, user=user).update(
        last_seen_at=timezone.now(), ip_address=client_address(request)
    )
    if not updated:
        track_login(request, user)


def forget(session_key: str | None) -> None:
    """The row of a session that ended by logging out."""
    if session_key:
        LoginSession.objects.filter(session_key=session_key).delete()


def end_session(login_session: LoginSession) -> None:
    _store().delete(login_session.session_key)
    login_session.delete()


def end_sessions(user: User, *, keep: str | None = None, clinic_id: int | None = None) -> int:
    """End the user's sessions (all, all but `keep`, or those acting in one clinic); the count.

    A session acts in the clinic it chose, or, having chosen none, in the user's first clinic,
    which may be this one: such a session ends too.
    """
    ended = 0
    for row in LoginSession.objects.filter(user=user).exclude(session_key=keep or ""):
        if clinic_id is not None:
            chosen = _store(row.session_key).load().get(CURRENT_CLINIC_KEY)
            if chosen not in (None, clinic_id):
                continue
        end_session(row)
        ended += 1
    return ended


def active_sessions(user: User) -> list[LoginSession]:
    """The user's sessions that can still be used, most recent first; rows of sessions that
    expired or idled out are cleared on the way."""
    idle_minutes = max(settings.STAFF_IDLE_MINUTES, settings.PATIENT_IDLE_MINUTES)
    cutoff = timezone.now() - timedelta(minutes=idle_minutes)
    alive = []
    for row in LoginSession.objects.filter(user=user):
        if row.last_seen_at < cutoff or not _store().exists(row.session_key):
            row.delete()
        else:
            alive.append(row)
    return alive


_BROWSERS = [
    ("Edge", r"Edg(e|A|iOS)?/"),
    ("Opera", r"OPR/"),
    ("Firefox", r"Firefox/|FxiOS/"),
    ("Chrome", r"Chrome/|CriOS/|Chromium/"),
    ("Safari", r"Safari/"),
]
_SYSTEMS = [
    ("Android", r"Android"),
    ("iPhone", r"iPhone"),
    ("iPad", r"iPad"),
    ("Windows", r"Windows"),
    ("macOS", r"Mac OS X|Macintosh"),
    ("ChromeOS", r"CrOS"),
    ("Linux", r"Linux"),
]


def describe_device(user_agent: str) -> str:
    """`Chrome on Android` from a browser's User-Agent; a script's own name otherwise."""
    browser = next((name for name, pattern in _BROWSERS if re.search(pattern, user_agent)), "")
    system = next((name for name, pattern in _SYSTEMS if re.search(pattern, user_agent)), "")
    if browser and system:
        return f"{browser} on {system}"
    if browser or system:
        return browser or system
    return user_agent.split(" ")[0][:60] or "Unknown device"
