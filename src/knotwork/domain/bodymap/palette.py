"""Colours of the body map: a heat scale for pain intensity 0-10 and the overlay styles.

The same colours are CSS custom properties in the painmaps app's `static/painmaps/bodymap.css`
(a test keeps the two in step), so the drawing widget and the server-side pictures look alike.
"""

from __future__ import annotations

# Light grey: the region is not marked at all.
UNMARKED = "#e5e7eb"
# Outline of every region and of the figure.
STROKE = "#6b7280"

# Index = intensity. 0 is white ("checked, no pain"); 1-10 run from pale yellow to dark red, a
# sequential scale (after ColorBrewer YlOrRd) that also reads in greyscale print.
INTENSITY: tuple[str, ...] = (
    "#ffffff",
    "#fff3b0",
    "#ffe08a",
    "#fec965",
    "#feb24c",
    "#fd8d3c",
    "#fc6a32",
    "#f03b20",
    "#d7191c",
    "#b10026",
    "#800026",
)

# Referral-zone overlays: essential zones solid, spillover zones hatched, both in blue so they
# stay distinct from the red-yellow pain colours underneath.
ESSENTIAL = "#1d4ed8"
ESSENTIAL_OPACITY = 0.55
SPILLOVER = "#1d4ed8"
# Trigger-point sites: a dark green outline and dot.
TRIGGER_POINT = "#065f46"
# Landmark lines (eyes, nose, lips, ears): dark grey, readable on pale and on mid pain colours.
LANDMARK = "#374151"


def intensity_colour(intensity: int | None) -> str:
    """Fill colour for a mark's intensity; None means the region is not marked."""
    if intensity is None:
        return UNMARKED
    return INTENSITY[max(0, min(10, intensity))]


def text_colour(intensity: int | None) -> str:
    """A text colour readable on `intensity_colour(intensity)`."""
    return "#ffffff" if intensity is not None and intensity >= 7 else "#111827"
