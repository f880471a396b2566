"""Fixed-window counters in Django's cache: "at most N tries per window for this key".

The default local-memory cache counts per server process; with `REDIS_URL` the counters are
shared by every process. A fixed window needs one counter per key and no bookkeeping, which is
enough for limits meant to make guessing hopeless rather than to shape traffic.
"""

from __future__ import annotations

from django.core.cache import cache


def allow(bucket: str, key: str, *, limit: int, window_s: int) -> bool:
    """Count one try for `key` in `bucket`; False once this window's `limit` is used up."""
    name = f"{bucket}-tries:{key}"
    # add() starts the window only when no counter exists, so the window is not extended.
    cache.add(name, 0, timeout=window_s)
    try:
        tries = cache.incr(name)
    except ValueError:
        # The counter expired between add() and incr(): a new window starts with this try.
        cache.set(name, 1, timeout=window_s)
        tries = 1
    return tries <= limit
