"""The sessions a user is logged in with: which device, from where, and when last used.

Django's session store holds the session itself; this row lets the person see their sessions
and end any of them, and lets a membership's end or a password change end them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class LoginSession(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="login_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    user_agent = models.CharField(max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField()

    class Meta:
        ordering = ["-last_seen_at"]

    def __str__(self) -> str:
        return f"Session of {self.user} from {self.ip_address or 'an unknown address'}"
