"""A login halfway: the password was right, the second factor (or setting one up) is still to
come. Until then the session is not logged in at all, so nothing but the second step can be
reached; the half-done state lasts ten minutes."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.http import HttpRequest
from django_otp import login as otp_login

from knotwork.accounts.twofactor import SecondStep

if TYPE_CHECKING:
    from django_otp.models import Device

    from knotwork.accounts.models import User

PENDING_KEY = "knotwork_pending_login"
PENDING_SECONDS = 10 * 60
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def begin(request: HttpRequest, user: User, *, step: SecondStep, next_url: str) -> None:
    # A new session key: whatever the session was before the password, it is not this login.
    request.session.cycle_key()
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "backend": getattr(user, "backend", MODEL_BACKEND),
        "step": step,
        "next": next_url,
        "since": time.time(),
    }


def _state(request: HttpRequest) -> dict[str, Any] | None:
    state = request.session.get(PENDING_KEY)
    if not isinstance(state, dict):
        return None
    if time.time() - float(state.get("since", 0)) > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        return None
    return state


def pending_user(request: HttpRequest, step: SecondStep | None = None) -> User | None:
    """The user whose password was right on this session (at `step`, if given), or None."""
    state = _state(request)
    if state is None or (step is not None and state["step"] != step):
        return None
    user = get_user_model().objects.filter(pk=state["user"], is_active=True).first()
    return user


def next_url(request: HttpRequest) -> str:
    state = _state(request) or {}
    return str(state.get("next") or "/")


def finish(request: HttpRequest, user: User, device: Device) -> None:
    """Both factors are in: log the user in, verified by `device`."""
    state = _state(request) or {}
    request.session.pop(PENDING_KEY, None)
    auth_login(request, user, backend=state.get("backend", MODEL_BACKEND))
    otp_login(request, device)
