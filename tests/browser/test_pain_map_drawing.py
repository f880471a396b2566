"""Drawing a pain map in a real browser: by touch on a phone, by mouse and keyboard on a desktop.

Each test checks what was stored through the API of the same logged-in browser, and what the
pages redraw from it, so a map that looks right in the widget but is saved wrong fails here.
"""

from __future__ import annotations

import json
import re
import time
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from knotwork.domain import anatomy
from knotwork.domain.bodymap import palette

pytestmark = pytest.mark.browser

Marks = dict[str, tuple[int, str | None]]


def view_button(page: Page, name: str):
    """A button of the phone's "Front | Back | Both" switch (its name may add a count)."""
    switch = page.get_by_role("group", name="Show the front, the back or both")
    return switch.get_by_role("button", name=re.compile(f"^{name}"))


def patient_id_from(page: Page, link_name: str) -> int:
    """The id in the href of the first link with this name (a patient or pain-map page)."""
    href = page.get_by_role("link", name=re.compile(link_name)).first.get_attribute("href")
    found = re.search(r"/patients/(\d+)/", href or "")
    assert found, f"no patient id in {href!r}"
    return int(found.group(1))


def stored_maps(page: Page, patient_id: int) -> list[dict[str, Any]]:
    """The patient's maps, newest first, read through the API with the page's own login."""
    response = page.request.get(f"/api/v1/patients/{patient_id}/pain-maps")
    assert response.status == 200, response.text()
    maps: list[dict[str, Any]] = response.json()["items"]
    return maps


def as_marks(marks: list[dict[str, Any]]) -> Marks:
    return {m["region"]: (m["intensity"], m["quality"] or None) for m in marks}


def widget_marks(page: Page) -> Marks:
    """What the widget would send: the JSON array in its hidden input."""
    return as_marks(json.loads(page.locator("[data-marks-input]").input_value()))


def region(page: Page, region_id: str):
    """The visible shape of a region on the drawing (the hands are on both figures)."""
    return page.locator(f'.bodymap-svg .bodymap-region[data-region="{region_id}"]:visible').first


def expect_redrawn(page: Page | Locator, marks: Marks) -> None:
    """The server-drawn SVG (page or card) colours each marked region with its intensity."""
    for region_id, (intensity, _) in marks.items():
        shape = page.locator(f'svg path[data-region="{region_id}"]').first
        expect(shape).to_have_attribute("fill", palette.intensity_colour(intensity))


def touch_drag(page: Page, start: tuple[float, float], end: tuple[float, float]) -> None:
    """One finger pressed at `start`, moved to `end` in small steps, held, lifted (real touches).

    The events carry a finger's pace (20 ms apart, then a pause before lifting): lifted at full
    speed, Chromium would start a fling, and the next tap would only stop the fling.
    """
    cdp = page.context.new_cdp_session(page)
    began = time.time()
    steps = 10

    def touch(kind: str, at: tuple[float, float] | None, tick: int) -> None:
        points = [{"x": at[0], "y": at[1]}] if at else []
        cdp.send(
            "Input.dispatchTouchEvent",
            {"type": kind, "touchPoints": points, "timestamp": began + tick * 0.02},
        )

    touch("touchStart", start, 0)
    for step in range(1, steps + 1):
        x = start[0] + (end[0] - start[0]) * step / steps
        y = start[1] + (end[1] - start[1]) * step / steps
        touch("touchMove", (x, y), step)
    touch("touchMove", end, steps + 15)
    touch("touchEnd", None, steps + 16)
    cdp.detach()


def centre(locator) -> tuple[float, float]:
    box = locator.bounding_box()
    assert box is not None
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def expect_clear_of_the_sheet(page: Page, shape) -> None:
    """The tapped region is on screen and above the picker sheet, where the patient sees it."""
    sheet = page.locator(".bodymap-picker").bounding_box()
    box = shape.bounding_box()
    assert sheet is not None and box is not None
    assert box["y"] >= 0, "the tapped region scrolled off the top of the screen"
    assert box["y"] + box["height"] <= sheet["y"], "the picker sheet hides the tapped region"


def test_it_lets_a_patient_draw_by_touch_on_a_phone_and_see_the_same_map_again(
    phone_page: Page, login, screenshot
) -> None:
    page = phone_page
    login(page, "jordan@example.com")
    patient_id = patient_id_from(page, "My earlier maps")
    before = len(stored_maps(page, patient_id))
    page.get_by_role("link", name="Draw today's pain").click()
    expect(page.get_by_role("heading", name="Where does it hurt today?")).to_be_visible()

    # One figure at a time on a phone, as tall as the screen allows, and no sideways scrolling.
    expect(view_button(page, "Front")).to_have_attribute("aria-pressed", "true")
    expect(region(page, "shin_left")).to_be_visible()
    expect(page.locator('.bodymap-region[data-region="calf_left"]')).to_be_hidden()
    figure = page.locator(".bodymap-svg").bounding_box()
    assert figure is not None and figure["height"] >= 0.75 * 844
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")

    # Tap: the back's low back, then strength and quality in the picker sheet.
    view_button(page, "Back").tap()
    low_back = region(page, "low_back_right")
    low_back.tap()
    picker = page.get_by_role("dialog")
    expect(picker.get_by_role("heading")).to_have_text(anatomy.region("low_back_right").full_label)
    expect_clear_of_the_sheet(page, low_back)
    picker.get_by_role("button", name="Intensity 7").tap()
    picker.get_by_role("button", name="burning").tap()
    expect(low_back).to_have_attribute("aria-label", re.compile("pain 7 of 10, burning"))
    picker.get_by_role("button", name="Done").tap()
    expect(picker).to_be_hidden()

    # A region low on the screen, where the sheet opens: the page moves it up, clear of the
    # sheet, and the tap does not also press whatever button of the sheet opened under it.
    heel = region(page, "heel_left")
    heel_box = heel.bounding_box()
    assert heel_box is not None
    page.evaluate("y => window.scrollBy(0, y)", heel_box["y"] - 780)
    page.touchscreen.tap(*centre(heel))
    expect(picker).to_be_visible()
    expect_clear_of_the_sheet(page, heel)
    # Marked with the brush, which follows the last strength chosen (7), and nothing more.
    expect(heel).to_have_attribute("aria-label", re.compile(r": pain 7 of 10$"))
    picker.get_by_role("button", name="Intensity 3").tap()
    picker.get_by_role("button", name="Done").tap()

    # Drag one finger down the front of the thigh to the shin: every region crossed is painted
    # with the brush intensity (now 3), and no picker opens in the way.
    view_button(page, "Front").tap()
    # The switch counts the marks on the figure out of sight, so they are not forgotten.
    expect(view_button(page, "Back")).to_have_accessible_name("Back, 2 marked")
    thigh, shin = region(page, "thigh_front_left"), region(page, "shin_left")
    # The whole stroke on screen (a finger cannot leave it): thigh near the top.
    page.evaluate("y => window.scrollBy(0, y)", thigh.bounding_box()["y"] - 120)
    touch_drag(page, centre(thigh), centre(shin))
    expect(picker).to_be_hidden()
    expect(page.locator("[data-brush-value]")).to_have_text("3")
    drawn = widget_marks(page)
    painted = {r for r, (i, _) in drawn.items() if i == 3}
    assert {"thigh_front_left", "knee_front_left", "shin_left"} <= painted
    assert drawn["low_back_right"] == (7, "burning") and drawn["heel_left"] == (3, None)
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "pain-map-phone")

    page.get_by_role("button", name="Save pain map").tap()
    expect(page).to_have_url(re.compile(r"/me/$"))
    expect(page.get_by_text("Pain map saved.")).to_be_visible()
    maps = stored_maps(page, patient_id)
    assert len(maps) == before + 1
    assert as_marks(maps[0]["marks"]) == drawn
    assert maps[0]["drawn_via"] == "patient"

    # Revisit: the history page and the map's own page redraw exactly what was drawn.
    page.goto(f"/patients/{patient_id}/pain-maps/")
    newest = page.locator(".map-card").first
    expect_redrawn(newest, drawn)
    newest.get_by_role("link", name=re.compile("Open the map")).tap()
    for region_id, (intensity, quality) in drawn.items():
        line = f"{anatomy.region(region_id).full_label}: {intensity}"
        line += f" ({quality})" if quality else ""
        expect(page.get_by_role("listitem").filter(has_text=line)).to_have_count(1)


def test_it_lets_a_therapist_draw_by_mouse_and_keyboard_with_copy_undo_and_clear(
    desktop_page: Page, login
) -> None:
    page = desktop_page
    login(page, "maria@example.com")
    patient_id = patient_id_from(page, "Priya Shah")
    last = as_marks(stored_maps(page, patient_id)[0]["marks"])
    page.goto(f"/patients/{patient_id}/pain-maps/new/")

    # Both figures side by side on a desktop; the one-figure switch is a phone's.
    expect(view_button(page, "Front")).to_be_hidden()
    expect(region(page, "shin_left")).to_be_visible()
    expect(region(page, "calf_left")).to_be_visible()

    # Start from the last map, then change what is different today.
    page.get_by_role("button", name="Copy my last map").click()
    assert widget_marks(page) == last

    # Mouse: click a region, choose strength and quality in the picker beside it.
    region(page, "neck_back_upper_left").click()
    picker = page.get_by_role("dialog")
    picker.get_by_role("button", name="Intensity 6").click()
    picker.get_by_role("button", name="aching").click()
    picker.get_by_role("button", name="Done").click()
    expect(picker).to_be_hidden()

    # Keyboard: Tab from the last tool reaches the regions head first; focus names the region;
    # Enter marks it (with the brush, now 6) and opens the picker; arrows set the strength.
    page.get_by_label("Zoom").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    focused = page.locator(".bodymap-region:focus")
    expect(focused).to_have_attribute("data-region", "forehead_right")
    forehead = anatomy.region("forehead_right").full_label
    expect(page.locator("[data-caption]")).to_have_text(forehead)
    page.keyboard.press("Enter")
    expect(picker).to_be_visible()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(picker.get_by_role("button", name="Intensity 8")).to_be_focused()
    page.keyboard.press("Escape")
    expect(picker).to_be_hidden()
    expect(focused).to_have_attribute("data-region", "forehead_right")
    page.keyboard.press("ArrowDown")
    expect(region(page, "forehead_right")).to_have_attribute(
        "aria-label", f"{forehead}: pain 7 of 10"
    )
    expect(page.locator("[data-caption]")).to_have_text(f"{forehead}: pain 7 of 10")

    # Undo takes back the last change only; Clear empties the map and Undo brings it back.
    region(page, "chin").click()
    page.keyboard.press("Escape")
    assert "chin" in widget_marks(page)
    page.get_by_role("button", name="Undo").click()
    drawn = widget_marks(page)
    assert "chin" not in drawn
    assert drawn["forehead_right"] == (7, None)
    assert drawn["neck_back_upper_left"] == (6, "aching")
    page.get_by_role("button", name="Clear").click()
    assert widget_marks(page) == {}
    page.get_by_role("button", name="Undo").click()
    assert widget_marks(page) == drawn

    page.get_by_role("button", name="Save pain map").click()
    expect(page).to_have_url(re.compile(rf"/patients/{patient_id}/pain-maps/$"))
    expect(page.get_by_text("Pain map saved.")).to_be_visible()
    newest = stored_maps(page, patient_id)[0]
    assert as_marks(newest["marks"]) == drawn
    assert newest["drawn_via"] == "clinic" and "Maria" in newest["drawn_by"]

    page.reload()
    expect_redrawn(page.locator(".map-card").first, drawn)


@pytest.mark.parametrize(
    ("tampered", "field"),
    [
        (
            [{"region": "chin", "intensity": 4}, {"region": "tail_left", "intensity": 5}],
            "marks[1].region",
        ),
        ([{"region": "chin", "intensity": 11}], "marks[0].intensity"),
    ],
    ids=["unknown-region", "intensity-over-10"],
)
def test_it_refuses_a_tampered_drawing_and_stores_nothing(
    desktop_page: Page, login, tampered: list[dict[str, Any]], field: str
) -> None:
    page = desktop_page
    login(page, "maria@example.com")
    patient_id = patient_id_from(page, "Lena Novak")
    before = stored_maps(page, patient_id)
    page.goto(f"/patients/{patient_id}/pain-maps/new/")
    region(page, "sacrum").click()
    page.keyboard.press("Escape")

    # What a hand-edited form would send, past the widget's own checks.
    page.locator("[data-marks-input]").evaluate(
        "(input, marks) => { input.value = JSON.stringify(marks); }", tampered
    )
    page.get_by_role("button", name="Save pain map").click()

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Nothing was saved")
    expect(alert).to_contain_text(field)
    assert stored_maps(page, patient_id) == before
