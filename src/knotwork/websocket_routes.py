"""WebSocket routes. Only the `live` app touches Channels; its routes are listed here."""

from __future__ import annotations

from django.urls import URLPattern

from knotwork.live.routing import websocket_urlpatterns as live_routes

websocket_urlpatterns: list[URLPattern] = [*live_routes]
