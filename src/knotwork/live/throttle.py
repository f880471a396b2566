"""A limit on short-code guesses: ten tries a minute per client address (Django's cache).

The short code is 6 characters from a 31-letter alphabet (about 887 million codes) and is valid
only while its live session is open and no phone has joined, so at ten tries a minute a guesser
finds nothing in a session's lifetime. A fixed one-minute window is enough for that; it needs no
bookkeeping beyond one counter per address. The counter lives in Django's cache: the default
local-memory cache counts per server process, a shared cache (Redis) counts across processes.
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest

TRIES_PER_WINDOW = 10
WINDOW_S = 60


def _key(request: HttpRequest) -> str:
    # REMOTE_ADDR, not X-Forwarded-For: a client can write any forwarded header it likes.
    return f"live-code-tries:{request.META.get('REMOTE_ADDR', 'unknown')}"


def allow_code_try(request: HttpRequest) -> bool:
    """Count one code try from this client; False once it has used up this minute's tries."""
    key = _key(request)
    # add() starts the window only when no counter exists, so the window is not extended.
    cache.add(key, 0, timeout=WINDOW_S)
    try:
        tries = cache.incr(key)
    except ValueError:
        # The counter expired between add() and incr(): a new window starts with this try.
        cache.set(key, 1, timeout=WINDOW_S)
        tries = 1
    return tries <= TRIES_PER_WINDOW
