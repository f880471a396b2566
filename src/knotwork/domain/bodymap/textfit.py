"""Fitting SVG text into a width without a font engine: estimated widths and word wrapping.

A server-side SVG cannot measure its text, and the viewer picks the font (system-ui may be
Segoe UI, Roboto, San Francisco or DejaVu Sans). The widths below are per character class, in
em, taken on the wide side of those fonts (DejaVu Sans is the widest common one), so that a line
wraps a little early rather than running past the picture's edge and being clipped.
"""

from __future__ import annotations

# Advance widths in em; anything not listed is a lowercase letter of average width.
_WIDTHS: dict[str, float] = {
    **dict.fromkeys("iljI|.,:;'!", 0.32),
    **dict.fromkeys("ft()[]{}/-", 0.40),
    **dict.fromkeys(" r", 0.42),
    **dict.fromkeys("0123456789", 0.64),
    **dict.fromkeys("mw", 0.98),
    **dict.fromkeys("MW", 1.0),
}
_LOWER = 0.64
_UPPER = 0.74
# Bold glyphs are a tenth or more wider than regular ones in these fonts (more in some).
_BOLD = 1.16


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The estimated width of `text` at font size `size` (same units as the size)."""
    em = sum(_WIDTHS.get(c, _UPPER if c.isupper() else _LOWER) for c in text)
    return em * size * (_BOLD if bold else 1.0)


def wrap(text: str, max_width: float, size: float, *, bold: bool = False) -> list[str]:
    """Break `text` into lines no wider than `max_width`, at spaces where possible.

    A single word wider than the line is cut between characters, so no line ever overflows.
    Always returns at least one line (an empty one for empty text).
    """
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, bold=bold) <= max_width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        for char in word:
            if current and text_width(current + char, size, bold=bold) > max_width:
                lines.append(current)
                current = ""
            current += char
    lines.append(current)
    return lines
