"""A limit on short-code guesses: ten tries a minute per client address.

The short code is 6 characters from a 31-letter alphabet (about 887 million codes) and is valid
only while its live session is open and no phone has joined, so at ten tries a minute a guesser
finds nothing in a session's lifetime. A fixed one-minute window is enough for that
(`knotwork.common.throttle`).
"""

from __future__ import annotations

from django.http import HttpRequest

from knotwork.common.addresses import client_address
from knotwork.common.throttle import allow

TRIES_PER_WINDOW = 10
WINDOW_S = 60


def allow_code_try(request: HttpRequest) -> bool:
    """Count one code try from this client; False once it has used up this minute's tries."""
    address = client_address(request) or "unknown"
    return allow("live-code", address, limit=TRIES_PER_WINDOW, window_s=WINDOW_S)
