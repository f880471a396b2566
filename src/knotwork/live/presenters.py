"""What the live-feedback pages show: the QR code of the phone link, as inline SVG (no script,
no CDN), and the targets the screen's script colours and times by (window and hold guidance)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import segno
from django.utils.safestring import SafeString, mark_safe

from knotwork.domain.live import HoldGuidance

if TYPE_CHECKING:
    from knotwork.live.models import LiveSession


def targets(live: LiveSession) -> dict[str, list[int]]:
    """The session's discomfort window and the hold guidance (reference E.1), in seconds: what
    the therapist's screen is handed (its JSON script element and the socket's first state)."""
    guidance = HoldGuidance()
    return {
        "window": [live.window_low, live.window_high],
        "hold": [guidance.shortest_s, guidance.longest_s],
    }


def qr_svg(url: str) -> SafeString:
    """An inline SVG QR code; level M survives a screen's glare and a little smudge."""
    code = segno.make(url, error="m")
    # segno escapes nothing of ours into the SVG except the data it encodes as modules.
    return mark_safe(code.svg_inline(scale=6, border=3, dark="#000", light="#fff"))
