"""Events are written in batches, never one write per event, and a failed write is not acked."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from datetime import UTC, datetime

import pytest

from knotwork.live.batching import EventBatcher
from knotwork.live.models import LiveEvent
from tests.live.conftest import run

pytestmark = pytest.mark.django_db(transaction=True)
AT = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)


def rows(live_id: int, seqs: Iterable[int]) -> list[LiveEvent]:
    return [
        LiveEvent(live_session_id=live_id, kind="discomfort", at=AT, value=5, seq=s) for s in seqs
    ]


class Recorder:
    def __init__(self, fail: bool = False) -> None:
        self.batches: list[list[int | None]] = []
        self.fail = fail

    def __call__(self, batch: Iterable[LiveEvent]) -> None:
        if self.fail:
            self.fail = False
            raise RuntimeError("disk full")
        self.batches.append([row.seq for row in batch])


def test_it_writes_a_burst_of_events_as_one_batch() -> None:
    recorder = Recorder()

    async def scenario() -> None:
        batcher = EventBatcher(recorder, interval_s=0.05)
        await asyncio.gather(*(batcher.add(row) for row in rows(1, range(1, 51))))

    run(scenario)
    assert recorder.batches == [list(range(1, 51))]


def test_it_writes_at_once_when_the_batch_is_full() -> None:
    recorder = Recorder()

    async def scenario() -> None:
        # An interval of a minute: only the size limit can start this write.
        batcher = EventBatcher(recorder, interval_s=60, max_batch=10)
        futures = [batcher.add(row) for row in rows(1, range(1, 11))]
        await asyncio.wait_for(asyncio.gather(*futures), timeout=10)

    run(scenario)
    assert recorder.batches == [list(range(1, 11))]


def test_it_writes_what_is_queued_when_asked_to_flush() -> None:
    recorder = Recorder()

    async def scenario() -> bool:
        batcher = EventBatcher(recorder, interval_s=60)
        futures = [batcher.add(row) for row in rows(1, (1, 2, 3))]
        await batcher.flush()
        return all(f.done() for f in futures)

    assert run(scenario) is True
    assert recorder.batches == [[1, 2, 3]]


def test_it_reports_a_failed_write_to_every_waiting_event_and_goes_on() -> None:
    recorder = Recorder(fail=True)

    async def scenario() -> tuple[list[object], list[object]]:
        batcher = EventBatcher(recorder, interval_s=60)
        first = [batcher.add(row) for row in rows(1, (1, 2))]
        await batcher.flush()
        second = [batcher.add(row) for row in rows(1, (3,))]
        await batcher.flush()
        return [f.exception() for f in first], [f.exception() for f in second]

    failed, later = run(scenario)
    assert all(isinstance(error, RuntimeError) for error in failed)
    assert later == [None]
    assert recorder.batches == [[3]]


def test_it_stores_a_resent_event_only_once(live) -> None:
    async def scenario() -> None:
        batcher = EventBatcher(interval_s=60)
        batcher.add(rows(live.pk, (1, 2))[0])
        batcher.add(rows(live.pk, (2,))[0])
        await batcher.flush()
        batcher.add(rows(live.pk, (2,))[0])
        batcher.add(rows(live.pk, (3,))[0])
        await batcher.flush()

    run(scenario)
    assert list(live.events.order_by("seq").values_list("seq", flat=True)) == [1, 2, 3]
