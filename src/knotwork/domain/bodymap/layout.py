"""Where the two figures sit in a drawing, their labels, and the zoom presets of the widget.

All numbers are SVG user units (figure units); a drawing scales them to any pixel width.
The front figure is on the left, the back figure on the right.
"""

from __future__ import annotations

from dataclasses import dataclass

from knotwork.domain.bodymap import geometry
from knotwork.domain.bodymap.geometry import FigureView

# Room above the head for the "Front"/"Back" heading and its hint.
TOP = 34.0
SIDE_PADDING = 12.0
BOTTOM_PADDING = 8.0
GAP = 16.0


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure's placement: its midline x and the y of the top of its head."""

    view: FigureView
    centre_x: float
    top_y: float
    heading: str
    hint: str
    # The patient's side shown on the viewer's left and right of this figure.
    viewer_left_side: str
    viewer_right_side: str


@dataclass(frozen=True, slots=True)
class Layout:
    """Both figures side by side."""

    width: float
    height: float
    half_width: float
    figures: tuple[Figure, ...]

    def figure(self, view: FigureView) -> Figure:
        return next(found for found in self.figures if found.view == view)


def layout() -> Layout:
    """The standard side-by-side layout used by the static and the interactive drawings."""
    box = geometry.box()
    half_width = max(-box.min_x, box.max_x) + SIDE_PADDING
    front_x = half_width
    back_x = 3 * half_width + GAP
    figures = (
        Figure("front", front_x, TOP, "Front", "facing you", "right", "left"),
        Figure("back", back_x, TOP, "Back", "seen from behind", "left", "right"),
    )
    return Layout(
        width=4 * half_width + GAP,
        height=TOP + box.max_y + BOTTOM_PADDING,
        half_width=half_width,
        figures=figures,
    )


@dataclass(frozen=True, slots=True)
class Zoom:
    """A named part of the drawing to enlarge on a small screen (an SVG viewBox)."""

    id: str
    label: str
    view_box: str


def zoom_presets() -> tuple[Zoom, ...]:
    """Whole body plus close-ups of the head and of each figure's upper and lower half."""
    plan = layout()
    front, back = plan.figure("front"), plan.figure("back")

    def box(x: float, y: float, w: float, h: float) -> str:
        return f"{x:g} {y:g} {w:g} {h:g}"

    def head(figure: Figure) -> str:
        return box(figure.centre_x - 42, figure.top_y - 6, 84, 100)

    def upper(figure: Figure) -> str:
        return box(figure.centre_x - plan.half_width, figure.top_y - 6, 2 * plan.half_width, 300)

    def lower(figure: Figure) -> str:
        y = figure.top_y + 200
        return box(figure.centre_x - plan.half_width, y, 2 * plan.half_width, plan.height - y)

    return (
        Zoom("whole", "Whole body", box(0, 0, plan.width, plan.height)),
        Zoom("front-head", "Face and neck (front)", head(front)),
        Zoom("back-head", "Head and neck (back)", head(back)),
        Zoom("front-upper", "Upper body (front)", upper(front)),
        Zoom("back-upper", "Upper body (back)", upper(back)),
        Zoom("front-lower", "Hips and legs (front)", lower(front)),
        Zoom("back-lower", "Hips and legs (back)", lower(back)),
    )
