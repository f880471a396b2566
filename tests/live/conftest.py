"""Live feedback test helpers: a live session of clinic A's patient, and socket clients."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import unquote, urlparse

import pytest
from asgiref.sync import async_to_sync
from asgiref.testing import ApplicationCommunicator
from django.test import Client

from tests.conftest import Personas, open_gate

ORIGIN = (b"origin", b"http://127.0.0.1")
DEVICE = "phone-device-aaaaaaaaaaaa"
OTHER_DEVICE = "phone-device-bbbbbbbbbbbb"


class WebsocketCommunicator(ApplicationCommunicator):
    """channels.testing.WebsocketCommunicator's interface, without importing channels.testing.

    `channels.testing` imports daphne (for its live-server test case) at package import, and
    Knotwork serves with uvicorn; this is the same thin layer over asgiref's communicator.
    """

    def __init__(self, application: Any, path: str, headers: list[tuple[bytes, bytes]]) -> None:
        parsed = urlparse(path)
        scope = {
            "type": "websocket",
            "path": unquote(parsed.path),
            "query_string": parsed.query.encode(),
            "headers": headers,
            "subprotocols": [],
        }
        super().__init__(application, scope)

    async def connect(self, timeout: float = 3) -> bool:
        await self.send_input({"type": "websocket.connect"})
        accepted: bool = (await self.receive_output(timeout))["type"] == "websocket.accept"
        return accepted

    async def send_to(self, text_data: str) -> None:
        await self.send_input({"type": "websocket.receive", "text": text_data})

    async def send_json_to(self, data: Any) -> None:
        await self.send_to(json.dumps(data))

    async def receive_from(self, timeout: float = 3) -> str:
        message = await self.receive_output(timeout)
        assert message["type"] == "websocket.send", message
        text: str = message["text"]
        return text

    async def disconnect(self, code: int = 1000, timeout: float = 3) -> None:
        await self.send_input({"type": "websocket.disconnect", "code": code})
        await self.wait(timeout)


def run[T](scenario: Callable[[], Awaitable[T]]) -> T:
    """Run an async scenario; database calls of the consumers come back to this thread."""
    return async_to_sync(scenario)()


def cookie_for(user: Any) -> bytes:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return f"sessionid={client.cookies['sessionid'].value}".encode()


def screen(live_id: int, user: Any | None) -> WebsocketCommunicator:
    from knotwork.asgi import application

    headers = [ORIGIN, (b"host", b"127.0.0.1")]
    if user is not None:
        headers.append((b"cookie", cookie_for(user)))
    return WebsocketCommunicator(application, f"/ws/live/screen/{live_id}/", headers=headers)


def phone(token: str, device: str = DEVICE) -> WebsocketCommunicator:
    from knotwork.asgi import application

    return WebsocketCommunicator(
        application,
        f"/ws/live/phone/{token}/?device={device}",
        headers=[ORIGIN, (b"host", b"127.0.0.1")],
    )


async def receive(communicator: WebsocketCommunicator, timeout: float = 3) -> dict[str, Any]:
    message: dict[str, Any] = json.loads(await communicator.receive_from(timeout))
    return message


async def receive_type(
    communicator: WebsocketCommunicator, kind: str, timeout: float = 3
) -> dict[str, Any]:
    """The next message of this type, skipping heartbeats and presence in between."""
    while True:
        message = await receive(communicator, timeout)
        if message["type"] == kind:
            return message


def event(kind: str, seq: int, value: int | None = None) -> str:
    payload: dict[str, Any] = {"type": kind, "seq": seq, "sent_at": 1_767_225_600_000 + seq}
    if value is not None:
        payload["value"] = value
    return json.dumps(payload)


@pytest.fixture
def live(personas: Personas):
    from knotwork.live.services import start_live_session

    open_gate(personas.patient, personas.therapist_a)
    return start_live_session(
        actor=personas.therapist_a,
        patient=personas.patient,
        plan=["trapezius__upper_fibres", "levator_scapulae__main"],
    )


@pytest.fixture
def token(live) -> str:
    from knotwork.live.tokens import make_join_token

    return make_join_token(live.pk, live.patient_id)
