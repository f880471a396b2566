"""Channel-layer group names of a live session: its phone, and its therapist screens."""


def phone(live_session_id: int) -> str:
    return f"live.{live_session_id}.phone"


def screen(live_session_id: int) -> str:
    return f"live.{live_session_id}.screen"
