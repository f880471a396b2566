"""WebSocket routes of live feedback (listed in knotwork.websocket_routes)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import path

from knotwork.live.consumers import PhoneConsumer, TherapistConsumer

if TYPE_CHECKING:
    from channels.consumer import _ASGIApplicationProtocol
    from channels.routing import _ExtendedURLPattern


def websocket_path(route: str, consumer: _ASGIApplicationProtocol) -> _ExtendedURLPattern:
    """Django's `path()` for a consumer, as Channels' URLRouter takes it.

    Channels routes ASGI applications with Django's own URL patterns; django-stubs types
    `path()` for HTTP views only, and types-channels names the result `_ExtendedURLPattern`.
    """
    return path(route, consumer)  # type: ignore[arg-type, return-value]  # stubs: path() is HTTP-only


websocket_urlpatterns: list[_ExtendedURLPattern] = [
    websocket_path("ws/live/phone/<str:token>/", PhoneConsumer.as_asgi()),
    websocket_path("ws/live/screen/<int:live_id>/", TherapistConsumer.as_asgi()),
]
