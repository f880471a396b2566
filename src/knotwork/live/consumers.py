"""The two WebSocket ends of live feedback: the patient's phone and the therapist's screen.

Phone: parse strictly, sequence, forward to the screens at once (a STOP must never wait for the
database), queue the row in the batcher, and acknowledge only once the row is written. Screen:
commands (next trigger point, release felt, end) and everything the phone sends, live.
Presence: the phone pings every 500 ms; pings and events reach the screens as heartbeats, and a
closed phone socket sends "disconnected" at once, so the screen knows within 2 s either way.
"""

from __future__ import annotations

import asyncio
import functools
import json
import time
from collections.abc import Coroutine
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from knotwork.domain.live import (
    Acceptance,
    InvalidMessage,
    LogEvent,
    Outcome,
    SequenceError,
    TherapistKind,
    outbound,
    parse_phone_message,
    parse_therapist_message,
)
from knotwork.domain.live.timing import learn_offset, tap_moment
from knotwork.live import groups, presenters, services
from knotwork.live.batching import batcher
from knotwork.live.models import LiveEvent
from knotwork.live.tokens import JoinRefused
from knotwork.live.trigger_points import label

PING = "ping"
# Forward at most this often a heartbeat the screen would not otherwise see.
HEARTBEAT_EVERY_S = 0.4


def _now() -> tuple[datetime, int]:
    now = time.time()
    return datetime.fromtimestamp(now, UTC), int(now * 1000)


def _clock_ping(raw: str | bytes) -> int | None:
    """A heartbeat `{"type": "ping", "at": <phone ms>}`: its phone time (0 when it has none);
    None for anything else."""
    if not isinstance(raw, str) or not raw.startswith("{") or '"ping"' not in raw[:24]:
        return None
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("type") != "ping":
        return None
    at = data.get("at")
    return at if isinstance(at, int) and not isinstance(at, bool) and at > 0 else 0


def _row(live_session_id: int, event: LogEvent, sent_at_ms: int | None = None) -> LiveEvent:
    return LiveEvent(
        live_session_id=live_session_id,
        kind=str(event.kind),
        at=event.at,
        value=event.value,
        trigger_point=event.trigger_point or "",
        seq=event.seq,
        sent_at_ms=sent_at_ms,
    )


class RefusingConsumer(AsyncWebsocketConsumer):
    """Accept first, so a refusal can say why (a refused handshake reaches the page as 1006)."""

    async def dispatch(self, message: dict[str, Any]) -> None:
        # Channels closes stale database connections before every handler, a hop to a thread
        # for each message. These handlers reach the database only through
        # database_sync_to_async, which does that itself, so at 5 events per second per phone
        # the hop is pure cost (it dominated the benchmark's profile).
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def refuse(self, refusal: JoinRefused) -> None:
        await self.send_json({"type": "refused", "reason": refusal.reason, "code": refusal.code})
        await self.close(code=refusal.code)

    async def send_json(self, payload: dict[str, Any]) -> None:
        await self.send(text_data=json.dumps(payload, separators=(",", ":")))


class PhoneConsumer(RefusingConsumer):
    """The patient's phone: discomfort, more, less, good and STOP, with seq and resending."""

    live_id: int | None = None
    replaced = False
    offset_ms: int | None = None
    last_at_ms: int | None = None
    last_at: datetime | None = None

    async def connect(self) -> None:
        await self.accept()
        token = self.scope["url_route"]["kwargs"]["token"]
        query = parse_qs(self.scope.get("query_string", b"").decode())
        device = (query.get("device") or [""])[0]
        # Rows of this phone's previous connection to this process must be in the database
        # before the stored sequence is read back, or they would be taken as missing.
        await batcher().flush()
        try:
            admission = await database_sync_to_async(services.admit_phone)(token, device)
        except JoinRefused as refusal:
            await self.refuse(refusal)
            return
        self.live_id = admission.live_session_id
        self.window = admission.window
        self.trigger_point = admission.trigger_point
        # `received` decides what is new (forward it); `stored` what is written (ack it).
        self.received = admission.stored
        self.stored = admission.stored
        self.last_beat = 0.0
        self.offset_ms = admission.offset_ms
        self.last_at_ms = admission.last_at_ms
        self.acks: set[asyncio.Future[None]] = set()  # writes and sends under way
        await self.channel_layer.group_send(
            groups.phone(self.live_id), {"type": "phone.replaced", "channel": self.channel_name}
        )
        await self.channel_layer.group_add(groups.phone(self.live_id), self.channel_name)
        await self.send_json(
            {
                "type": "ack",
                "seq": self.stored.upto,
                "upto": self.stored.upto,
                "missing": list(self.stored.missing()),
            }
        )
        await self._to_screen(outbound.presence(True))

    async def disconnect(self, code: int) -> None:
        if self.live_id is None:
            return
        await self.channel_layer.group_discard(groups.phone(self.live_id), self.channel_name)
        if not self.replaced:
            await self._to_screen(outbound.presence(False))
        await batcher().flush()

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if self.live_id is None:
            return
        raw = text_data if text_data is not None else bytes_data or b""
        if raw == PING or raw == '{"type":"ping"}':
            await self._beat()
            return
        beat = _clock_ping(raw)
        if beat is not None:
            # A heartbeat with the phone's clock: learn the offset, and answer so the phone
            # knows it is still heard (it shows "offline" when the answers stop).
            if beat > 0:
                self.offset_ms = learn_offset(self.offset_ms, beat, _now()[1])
            await self.send_json({"type": "pong"})
            await self._beat()
            return
        try:
            event = parse_phone_message(raw)
            acceptance = self.received.accept(event.seq)
        except InvalidMessage as invalid:
            await self.send_json(outbound.error(invalid))
            return
        except SequenceError as wrong:
            await self.send_json(outbound.error(InvalidMessage(str(wrong), "seq", event.seq)))
            return
        if not acceptance.record:
            # A resend. Already written: acknowledge again so the phone forgets it. Still in
            # the batch: its acknowledgement follows the write.
            if self.stored.seen(event.seq):
                await self.send_json(outbound.ack(self._durable(event.seq)))
            return
        self.received = acceptance.tracker
        received_at, received_ms = _now()
        # Timed when it was made (a tap sent while offline keeps its moment), in seq order; a
        # tap timed by its arrival keeps the arrival's full precision.
        tapped_ms = tap_moment(
            sent_at_ms=event.sent_at_ms,
            received_ms=received_ms,
            offset_ms=self.offset_ms,
            floor_ms=self.last_at_ms,
        )
        at = received_at - timedelta(milliseconds=received_ms - tapped_ms)
        if self.last_at is not None and at < self.last_at:
            at = self.last_at
        self.last_at = at
        self.last_at_ms = tapped_ms
        payload = outbound.patient_event(
            event, received_ms, self.window, self.trigger_point or None
        )
        self.last_beat = time.monotonic()
        await self._to_screen(payload)
        logged = LogEvent.from_phone(event, at)
        row = _row(self.live_id, logged, event.sent_at_ms)
        row.trigger_point = self.trigger_point
        written = batcher().add(row)
        self.acks.add(written)
        written.add_done_callback(functools.partial(self._written, seq=event.seq))

    def _durable(self, seq: int) -> Acceptance:
        return Acceptance(
            self.stored, seq, Outcome.DUPLICATE, self.stored.upto, self.stored.missing()
        )

    def _written(self, done: asyncio.Future[None], seq: int) -> None:
        self.acks.discard(done)
        if done.cancelled() or done.exception() is not None:
            # Unwritten means unacknowledged: close, and let the reconnect resend from the phone.
            self._later(self.close(code=1011))
            return
        accepted = self.stored.accept(seq)
        self.stored = accepted.tracker
        self._later(self.send_json(outbound.ack(accepted)))

    def _later(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.ensure_future(work)
        # The loop keeps only weak references to tasks; hold this one until it is done.
        self.acks.add(task)
        task.add_done_callback(self._settled)

    def _settled(self, task: asyncio.Future[None]) -> None:
        self.acks.discard(task)
        # An ack to a phone that has just gone fails; the phone learns "upto" on reconnect.
        if not task.cancelled():
            task.exception()

    async def _beat(self) -> None:
        now = time.monotonic()
        if now - self.last_beat >= HEARTBEAT_EVERY_S:
            self.last_beat = now
            await self._to_screen({"type": "heartbeat"})

    async def _to_screen(self, payload: dict[str, Any]) -> None:
        assert self.live_id is not None
        await self.channel_layer.group_send(
            groups.screen(self.live_id), {"type": "live.forward", "payload": payload}
        )

    # Channel-layer handlers (the message "type" with dots as underscores).
    async def phone_replaced(self, message: dict[str, Any]) -> None:
        if message["channel"] != self.channel_name:
            # The same phone reconnected (possibly elsewhere): this older socket bows out quietly.
            self.replaced = True
            await self.close(code=4000)

    async def phone_announce(self, message: dict[str, Any]) -> None:
        await self._to_screen(outbound.presence(True))

    async def live_trigger_point(self, message: dict[str, Any]) -> None:
        self.trigger_point = message["trigger_point"] or ""

    async def live_ended(self, message: dict[str, Any]) -> None:
        await self.refuse(JoinRefused("This live session has ended. Thank you.", JoinRefused.GONE))


class TherapistConsumer(RefusingConsumer):
    """The therapist's live screen: sees the phone's events, moves through trigger points."""

    live_id: int | None = None

    async def connect(self) -> None:
        await self.accept()
        live_id = int(self.scope["url_route"]["kwargs"]["live_id"])
        user = self.scope.get("user")
        try:
            if user is None or not user.is_authenticated:
                raise JoinRefused("Log in to open live feedback.", JoinRefused.FORBIDDEN)
            # The phone's latest taps may still wait in this process's batch (written every
            # INTERVAL_S): write them first, so a reloaded screen's record holds every event
            # the screen showed before the reload.
            await batcher().flush()
            state = await database_sync_to_async(self._state)(user, live_id)
        except JoinRefused as refusal:
            await self.refuse(refusal)
            return
        self.live_id = live_id
        self.trigger_point = state["trigger_point"] or ""
        await self.channel_layer.group_add(groups.screen(live_id), self.channel_name)
        await self.send_json(state)
        await self.channel_layer.group_send(groups.phone(live_id), {"type": "phone.announce"})

    @staticmethod
    def _state(user: Any, live_id: int) -> dict[str, Any]:
        live = services.admit_screen(user, live_id)
        point = services.current_point(live.pk)
        return {
            "type": "state",
            **presenters.targets(live),
            "plan": [[tp, label(tp)] for tp in live.plan],
            "trigger_point": point or None,
            "trigger_point_label": label(point),
            "trend": services.recent_trend(live),
            "ended": not live.is_open,
            "summary": live.summary if not live.is_open else services.summary_of(live),
            # What happened so far, from the record: a reloaded screen loses nothing.
            "events": services.event_log(live),
        }

    async def disconnect(self, code: int) -> None:
        if self.live_id is not None:
            await self.channel_layer.group_discard(groups.screen(self.live_id), self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if self.live_id is None:
            return
        try:
            command = parse_therapist_message(
                text_data if text_data is not None else (bytes_data or b"")
            )
        except InvalidMessage as invalid:
            await self.send_json(outbound.error(invalid))
            return
        if command.kind is TherapistKind.END:
            await self._end()
            return
        at, at_ms = _now()
        logged = LogEvent.from_therapist(command, at)
        if command.kind is TherapistKind.NEXT_TRIGGER_POINT:
            self.trigger_point = command.trigger_point or ""
            await self.channel_layer.group_send(
                groups.phone(self.live_id),
                {"type": "live.trigger_point", "trigger_point": self.trigger_point},
            )
        row = _row(self.live_id, logged)
        row.trigger_point = self.trigger_point
        batcher().add(row)
        # Screens refresh the per trigger point record from the database when they see this
        # command, so it (and the phone's events before it) must be written first. Therapist
        # commands come a few times a minute, so this costs the phone's traffic nothing.
        await batcher().flush()
        await self.channel_layer.group_send(
            groups.screen(self.live_id),
            {
                "type": "live.forward",
                "payload": {
                    "type": "therapist",
                    "kind": str(command.kind),
                    "trigger_point": self.trigger_point or None,
                    "trigger_point_label": label(self.trigger_point),
                    "at": at_ms,
                },
            },
        )

    async def _end(self) -> None:
        assert self.live_id is not None
        await batcher().flush()
        await database_sync_to_async(self._end_in_db)(self.scope["user"], self.live_id)

    @staticmethod
    def _end_in_db(user: Any, live_id: int) -> None:
        services.end_live_session(actor=user, live=services.admit_screen(user, live_id))

    async def live_forward(self, message: dict[str, Any]) -> None:
        await self.send_json(message["payload"])

    async def live_ended(self, message: dict[str, Any]) -> None:
        await self.send_json({"type": "ended", "summary": message["summary"]})
