"""WebSocket routes of live feedback (listed in knotwork.websocket_routes)."""

from django.urls import path

from knotwork.live.consumers import PhoneConsumer, TherapistConsumer

websocket_urlpatterns = [
    path("ws/live/phone/<str:token>/", PhoneConsumer.as_asgi()),
    path("ws/live/screen/<int:live_id>/", TherapistConsumer.as_asgi()),
]
