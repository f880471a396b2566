"""Failed logins that cannot be turned against staff (django-axes, configured in settings).

- An account is locked only at the address the failures came from (account and address
  together), so five wrong passwords sent from elsewhere do not lock a clinician out of their
  own computer; a password reset by mail clears the lock everywhere.
- One address that fails for many different accounts (spraying) is slowed: past
  KNOTWORK_ADDRESS_ACCOUNT_LIMIT accounts within the lockout time it may try no further
  account, except those that logged in from it before (their usual address), so a clinic's
  shared address keeps working for its own staff.
- Wrong codes at the second step count as failed logins too (the views send the signal).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessLog
from django.conf import settings
from django.db.models import QuerySet, Sum
from django.http import HttpRequest
from django.utils import timezone

# How long a successful login keeps an address "usual" for that account.
USUAL_ADDRESS_DAYS = 90
# settings.AXES_LOCKOUT_PARAMETERS, in this order.
ACCOUNT_AND_ADDRESS, ADDRESS = 0, 1


def username_of(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str:
    """The email a login attempt names, as logins compare it (trimmed, lower case)."""
    source: Any = credentials or (getattr(request, "POST", None) or {})
    return str(source.get("username") or "").strip().lower()


def is_usual_address(username: str, address: str | None) -> bool:
    if not username or not address:
        return False
    since = timezone.now() - timedelta(days=USUAL_ADDRESS_DAYS)
    found: bool = AccessLog.objects.filter(
        username=username, ip_address=address, attempt_time__gte=since
    ).exists()
    return found


class AccountAndAddressHandler(AxesDatabaseHandler):
    """Axes' database handler with the rules above (see the module's docstring)."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        attempts = self.get_user_attempts(request, credentials)
        pair = _total(attempts[ACCOUNT_AND_ADDRESS])
        accounts_tried = attempts[ADDRESS].values("username").distinct().count()
        if accounts_tried >= settings.ADDRESS_ACCOUNT_LIMIT:
            username = get_client_username(request, credentials)
            if not is_usual_address(username, getattr(request, "axes_ip_address", None)):
                # Counted as a full set of failures: the address is slowed for this account.
                return max(pair, settings.AXES_FAILURE_LIMIT)
        return pair

    def reset_user_attempts(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> int:
        # A successful login clears that account's failures at that address only: resetting the
        # whole address would let a sprayer wipe its count by logging in to its own account.
        count: int = self.get_user_attempts(request, credentials)[ACCOUNT_AND_ADDRESS].delete()[0]
        return count


def _total(attempts: QuerySet[Any]) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
