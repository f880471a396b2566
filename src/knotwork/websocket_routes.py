"""WebSocket routes. Only the `live` app touches Channels; its routes are listed here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from knotwork.live.routing import websocket_urlpatterns as live_routes

if TYPE_CHECKING:
    from channels.routing import URLRouter, _ExtendedURLPattern

websocket_urlpatterns: list[_ExtendedURLPattern | URLRouter] = [*live_routes]
