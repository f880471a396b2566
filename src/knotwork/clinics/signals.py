"""Signals the clinics app sends, for the higher apps that own what hangs on a membership.

`membership_ended(membership=...)` is sent inside the transaction that switches a membership
off: accounts ends the person's sessions in that clinic and revokes their API tokens, courses
revokes their calendar feeds. The clinics app cannot import those apps (they are above it), so
they plug in here instead.
"""

from __future__ import annotations

from django.dispatch import Signal

membership_ended = Signal()
