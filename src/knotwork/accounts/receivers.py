"""What the accounts app does when others act: a login made or ended (Django's signals), a
membership ended (the clinics app's signal)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.http import HttpRequest

from knotwork.accounts.services.sessions import end_sessions, forget, track_login
from knotwork.accounts.services.tokens import revoke_tokens_of
from knotwork.clinics.models import Membership
from knotwork.clinics.signals import membership_ended


def _logged_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    track_login(request, user)


def _logged_out(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    forget(request.session.session_key)


def _membership_ended(sender: Any, membership: Membership, **kwargs: Any) -> None:
    """The person's sessions acting in that clinic end, and their tokens for it are revoked."""
    revoke_tokens_of(membership)
    end_sessions(membership.user, clinic_id=membership.clinic_id)


def connect() -> None:
    user_logged_in.connect(_logged_in, dispatch_uid="knotwork-track-login")
    user_logged_out.connect(_logged_out, dispatch_uid="knotwork-forget-login")
    membership_ended.connect(_membership_ended, dispatch_uid="knotwork-accounts-membership")
