"""What the courses app does when a membership ends: the person's staff calendar feed stops
(its secret link would otherwise keep listing the clinic's sessions)."""

from __future__ import annotations

from typing import Any

from knotwork.clinics.models import Membership
from knotwork.courses.models import CalendarFeed


def revoke_staff_calendar(sender: Any, membership: Membership, **kwargs: Any) -> None:
    CalendarFeed.objects.filter(user_id=membership.user_id, patient=None).delete()
