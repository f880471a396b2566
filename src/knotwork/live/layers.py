"""The in-memory channel layer, with its expiry sweep run once a second instead of per message.

Channels' `InMemoryChannelLayer` walks every channel and group on every send and receive to drop
expired messages; with hundreds of live sockets in one process that walk costs more than the
messages themselves. Expiry (60 s by default) is a safety net for dead consumers, so sweeping
once a second keeps its meaning. Everything else is Channels' own class.
"""

from __future__ import annotations

import time

from channels.layers import InMemoryChannelLayer as ChannelsInMemoryLayer

SWEEP_EVERY_S = 1.0


class InMemoryChannelLayer(ChannelsInMemoryLayer):
    """One process only (see settings); used when REDIS_URL is not set."""

    _last_sweep = 0.0

    def _clean_expired(self) -> None:
        now = time.monotonic()
        if now - self._last_sweep < SWEEP_EVERY_S:
            return
        self._last_sweep = now
        super()._clean_expired()  # type: ignore[misc]  # private method, not in types-channels
