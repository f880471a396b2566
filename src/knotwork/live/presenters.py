"""What the live-feedback pages show: the QR code of the phone link, as inline SVG (no script,
no CDN)."""

from __future__ import annotations

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(url: str) -> SafeString:
    """An inline SVG QR code; level M survives a screen's glare and a little smudge."""
    code = segno.make(url, error="m")
    # segno escapes nothing of ours into the SVG except the data it encodes as modules.
    return mark_safe(code.svg_inline(scale=6, border=3, dark="#000", light="#fff"))
