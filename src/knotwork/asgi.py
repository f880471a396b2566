"""The ASGI application: Django for HTTP, Channels for WebSockets (live pressure feedback)."""

from __future__ import annotations

import gc
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "knotwork.settings")

from channels.auth import AuthMiddlewareStack
from channels.routing import ProtocolTypeRouter, URLRouter
from channels.security.websocket import AllowedHostsOriginValidator
from django.core.asgi import get_asgi_application

# Django must be set up before the WebSocket routes import models.
django_application = get_asgi_application()

from knotwork.websocket_routes import websocket_urlpatterns  # noqa: E402

# Garbage collection was the largest part of live feedback's latency tail: with the default
# thresholds, full collections walk every object the process ever imported, pausing the event
# loop for tens of milliseconds. Freezing what start-up created takes it out of those walks, and
# rarer young collections do the rest (benchmarks/live_feedback.py, 200 sessions in one
# process on 2 cores: p99 29-47 ms before, 18-19 ms after).
gc.freeze()
gc.set_threshold(50_000, 20, 100)

application = ProtocolTypeRouter(
    {
        "http": django_application,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
