"""Pages of live feedback: open it, the therapist's screen, the phone's page, the short code.

Its WebSocket routes are in `routing.py` (listed by `knotwork.websocket_routes`).
"""

from django.urls import path

from knotwork.live import views

urlpatterns = [
    path("patients/<int:patient_id>/live/", views.live_start, name="live_start"),
    path("live/<int:live_id>/", views.live_screen, name="live_screen"),
    path("live/<int:live_id>/end/", views.live_end, name="live_end"),
    path("live/<int:live_id>/summary/", views.live_summary, name="live_summary"),
    path("live/join/<str:token>/", views.live_join, name="live_join"),
    path("live/code/", views.live_code, name="live_code"),
]
