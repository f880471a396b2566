"""WebSocket routes. Only the `live` app touches Channels; its routes are listed here."""

from __future__ import annotations

from django.urls import URLPattern

websocket_urlpatterns: list[URLPattern] = []
