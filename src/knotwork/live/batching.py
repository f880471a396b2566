"""Buffered writing of live events: one database write per batch, never one per event.

Consumers `add` rows and get a future that completes once the row is in the database. A batch is
written `INTERVAL_S` after its first row arrived, at once when it reaches `MAX_BATCH` rows, and
when a consumer asks (`flush`, e.g. on disconnect). The phone is acknowledged only when that
future completes, so a crash loses at most the unwritten batch, which the phone still holds and
resends on reconnect (see `knotwork.domain.live.sequence`).

One batcher serves every socket of a process (per event loop, as asyncio objects are bound to
their loop): two hundred sessions at 5 events per second make four writes per second, not 1,000.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Callable, Iterable

from asgiref.sync import sync_to_async
from django.db import connection

from knotwork.live.models import LiveEvent
from knotwork.live.services import store_events

log = logging.getLogger(__name__)

INTERVAL_S = 0.25
MAX_BATCH = 500

Writer = Callable[[Iterable[LiveEvent]], None]


def _keeping_connection(write: Writer) -> Writer:
    """The writer, keeping its database connection between batches; dropping it after a failure.

    Channels' database_sync_to_async closes the connection after every call, and with SQLite
    (no persistent connections) that meant a connect, PRAGMAs and a WAL checkpoint four times a
    second. A broken connection is closed so the next batch opens a fresh one.
    """

    def guarded(rows: Iterable[LiveEvent]) -> None:
        try:
            write(rows)
        except Exception:
            connection.close_if_unusable_or_obsolete()
            raise

    return guarded


class EventBatcher:
    """Collects rows from many consumers and writes them in batches, oldest first."""

    def __init__(
        self,
        write: Writer = store_events,
        interval_s: float = INTERVAL_S,
        max_batch: int = MAX_BATCH,
    ) -> None:
        self._write = sync_to_async(_keeping_connection(write), thread_sensitive=True)
        self._interval_s = interval_s
        self._max_batch = max_batch
        self._pending: list[tuple[LiveEvent, asyncio.Future[None]]] = []
        self._timer: asyncio.TimerHandle | None = None
        # One write at a time keeps batches in arrival order and SQLite to one writer.
        self._lock = asyncio.Lock()
        self._tasks: set[asyncio.Task[None]] = set()
        self.writes = 0

    @property
    def pending(self) -> int:
        return len(self._pending)

    def add(self, row: LiveEvent) -> asyncio.Future[None]:
        """Queue one row; the future completes when it is written (or fails with the error)."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        self._pending.append((row, future))
        if len(self._pending) >= self._max_batch:
            self._spawn()
        elif self._timer is None:
            self._timer = loop.call_later(self._interval_s, self._spawn)
        return future

    def _spawn(self) -> None:
        task = asyncio.get_running_loop().create_task(self.flush())
        # Keep a reference: the event loop holds tasks only weakly.
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def flush(self) -> None:
        """Write everything queued so far; waits for a write already under way."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        async with self._lock:
            batch, self._pending = self._pending, []
            if not batch:
                return
            try:
                await self._write([row for row, _ in batch])
            except Exception as error:
                log.exception("writing %d live events failed", len(batch))
                for _, future in batch:
                    if not future.done():
                        future.set_exception(error)
                return
            self.writes += 1
            for _, future in batch:
                if not future.done():
                    future.set_result(None)


_batchers: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, EventBatcher] = (
    weakref.WeakKeyDictionary()
)


def batcher() -> EventBatcher:
    """The batcher of the running event loop (one per server process)."""
    loop = asyncio.get_running_loop()
    found = _batchers.get(loop)
    if found is None:
        found = _batchers[loop] = EventBatcher()
    return found
