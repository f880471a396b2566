"""The join token in the QR code: signed, bound to one live session and its patient, short-lived.

The token is `django.core.signing` over {"l": live session id, "p": patient id}, so nothing is
stored and a forged or foreign token fails the signature check. A fresh token lets the first
phone in for `JOIN_MINUTES`; once a phone has joined, the same token with that phone's device id
keeps working for reconnects until the session ends (or `SESSION_HOURS` at most).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from django.core import signing

from knotwork.common.errors import Refusal

SALT = "knotwork.live.join"
# Long enough to scan the code and open the page; short enough that a photo of it goes stale.
JOIN_MINUTES = 15
# No treatment lasts this long; a token older than this is refused even for the joined phone.
SESSION_HOURS = 12
DEVICE_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


class JoinRefused(Refusal):
    """A phone or screen that may not join; `reason` is shown to the person, `code` closes the
    socket (and a page answers `status`, the code less 4000)."""

    # WebSocket close codes in the 4000-4999 range are the application's own.
    INVALID = 4401
    FORBIDDEN = 4403
    TAKEN = 4409
    GONE = 4410

    def __init__(self, reason: str, code: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code
        self.status = code - 4000


@dataclass(frozen=True)
class JoinClaim:
    """What a valid token says: which live session, which patient, and whether it is fresh."""

    live_session_id: int
    patient_id: int
    fresh: bool


def make_join_token(live_session_id: int, patient_id: int) -> str:
    """A signed, timestamped token for the phone link of one live session."""
    return signing.TimestampSigner(salt=SALT).sign_object({"l": live_session_id, "p": patient_id})


def read_join_token(token: str) -> JoinClaim:
    """Check the signature and age; raise JoinRefused with a reason a patient understands."""
    signer = signing.TimestampSigner(salt=SALT)
    try:
        data = signer.unsign_object(token, max_age=timedelta(hours=SESSION_HOURS))
    except signing.SignatureExpired:
        raise JoinRefused(
            "This link has expired. Ask your therapist for a new code.", 4410
        ) from None
    except signing.BadSignature:
        raise JoinRefused(
            "This link is not valid. Ask your therapist for a new code.", 4401
        ) from None
    try:
        signer.unsign_object(token, max_age=timedelta(minutes=JOIN_MINUTES))
        fresh = True
    except signing.SignatureExpired:
        fresh = False
    if not isinstance(data, dict) or not all(isinstance(data.get(k), int) for k in ("l", "p")):
        raise JoinRefused("This link is not valid. Ask your therapist for a new code.", 4401)
    return JoinClaim(data["l"], data["p"], fresh)
