"""What helps a patient draw the right place and keep it: zoom with the keyboard, Left/Right in a
close-up, landmarks on the face, a larger face on a phone, the "no pain today" question, and a
question before unsaved marks are lost."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from knotwork.domain.bodymap.layout import zoom_presets

pytestmark = pytest.mark.browser

FOCUSED_REGION = """() => {
  const el = document.activeElement;
  return el && el.matches('.bodymap-region') ? el.dataset.region + '/' + el.dataset.view : null;
}"""


def patient_id_from(page: Page, name: str) -> int:
    href = page.get_by_role("link", name=re.compile(name)).first.get_attribute("href")
    found = re.search(r"/patients/(\d+)/", href or "")
    assert found, f"no patient id in {href!r}"
    return int(found.group(1))


def stored_maps(page: Page, patient_id: int) -> list[dict[str, Any]]:
    response = page.request.get(f"/api/v1/patients/{patient_id}/pain-maps")
    assert response.status == 200, response.text()
    maps: list[dict[str, Any]] = response.json()["items"]
    return maps


def widget_marks(page: Page) -> list[dict[str, Any]]:
    marks: list[dict[str, Any]] = json.loads(page.locator("[data-marks-input]").input_value())
    return marks


def region(page: Page, region_id: str):
    return page.locator(f'.bodymap-svg .bodymap-region[data-region="{region_id}"]:visible').first


def box_of(preset_id: str) -> tuple[float, float, float, float]:
    preset = next(z for z in zoom_presets() if z.id == preset_id)
    x, y, w, h = (float(n) for n in preset.view_box.split())
    return x, y, w, h


def tab_through_the_drawing(page: Page) -> list[str]:
    """Tab from the zoom control until focus leaves the drawing: the regions it stopped on."""
    page.get_by_label("Zoom").focus()
    reached: list[str] = []
    for _ in range(200):
        page.keyboard.press("Tab")
        found = page.evaluate(FOCUSED_REGION)
        if found is None:
            if reached:
                break
            continue
        reached.append(found)
    return reached


def test_it_keeps_keyboard_focus_on_the_regions_a_zoom_shows(desktop_page: Page, login) -> None:
    page = desktop_page
    login(page, "maria@example.com")
    page.goto(f"/patients/{patient_id_from(page, 'Tom Becker')}/pain-maps/new/")
    every_region = page.locator(".bodymap-svg .bodymap-region").count()

    page.get_by_label("Zoom").select_option("front-head")
    reached = tab_through_the_drawing(page)
    assert "tmj_right/front" in reached and "ear_left/front" in reached
    # Only the front figure's head and neck: nothing of the back figure, nothing below.
    assert all(found.endswith("/front") for found in reached), reached
    _, y, _, h = box_of("front-head")
    for found in reached:
        shape = page.locator(
            f'.bodymap-region[data-region="{found.split("/")[0]}"][data-view="front"]'
        )
        top = shape.evaluate(
            "s => s.getBBox().y + s.parentNode.transform.baseVal.consolidate().matrix.f"
        )
        assert top < y + h, f"{found} starts below the close-up"
    assert len(reached) == page.locator('.bodymap-region[tabindex="0"]').count()

    # A region out of sight takes no mark even when a script puts focus on it.
    page.locator('.bodymap-region[data-region="low_back_right"]').evaluate("s => s.focus()")
    page.keyboard.press("Enter")
    page.keyboard.press("ArrowUp")
    assert widget_marks(page) == []
    expect(page.get_by_role("dialog", name=re.compile("Low back"))).to_have_count(0)

    # The close-up keeps the patient's sides at its edges: facing us, their right on our left.
    sides = page.locator(".bodymap-zoom-sides text")
    expect(sides).to_have_text(["Right", "Left"])
    drawing = page.locator(".bodymap-svg").bounding_box()
    right, left = sides.nth(0).bounding_box(), sides.nth(1).bounding_box()
    assert drawing and right and left
    assert (
        drawing["x"] <= right["x"] < left["x"]
        and left["x"] + left["width"] <= drawing["x"] + drawing["width"]
    )
    expect(page.locator(".bodymap-side-label").first).to_be_hidden()

    page.get_by_label("Zoom").select_option("back-lower")
    expect(sides).to_have_text(["Left", "Right"])
    reached = tab_through_the_drawing(page)
    assert reached and all(found.endswith("/back") for found in reached)
    assert "calf_left/back" in reached and "occiput_left/back" not in reached

    page.get_by_label("Zoom").select_option("whole")
    expect(page.locator(".bodymap-zoom-sides")).to_have_count(0)
    expect(page.locator('.bodymap-region[tabindex="0"]')).to_have_count(every_region)


def test_it_draws_landmarks_on_the_face_that_are_never_a_target(desktop_page: Page, login) -> None:
    page = desktop_page
    login(page, "maria@example.com")
    page.goto(f"/patients/{patient_id_from(page, 'Tom Becker')}/pain-maps/new/")
    page.get_by_label("Zoom").select_option("front-head")
    landmarks = page.locator(".bodymap-svg [data-landmark]")
    assert landmarks.count() >= 10
    for name in ("nose", "lips", "iris_left", "eyelid_upper_right", "ear_helix_left"):
        expect(page.locator(f'.bodymap-svg [data-landmark="{name}"]').first).to_be_visible()
    # Not focusable and not in the accessibility tree...
    assert page.locator(".bodymap-svg [data-landmark][tabindex]").count() == 0
    expect(page.locator(".bodymap-landmarks").first).to_have_attribute("aria-hidden", "true")
    assert all(
        not found.startswith(("nose", "lips", "iris")) for found in tab_through_the_drawing(page)
    )
    # ...and a click on a line lands on the region under it.
    line = page.locator('.bodymap-svg [data-landmark="nose"]').first
    line.scroll_into_view_if_needed()
    nose = line.bounding_box()
    assert nose
    at = (nose["x"] + nose["width"] * 0.15, nose["y"] + nose["height"] * 0.45)
    under = page.evaluate("([x, y]) => document.elementFromPoint(x, y).dataset.region || null", at)
    assert under, "a landmark took the pointer"
    page.mouse.click(*at)
    assert [m["region"] for m in widget_marks(page)] == [under]


def test_it_zooms_in_on_the_head_when_a_finger_taps_a_small_face_region(
    phone_page: Page, login, screenshot
) -> None:
    page = phone_page
    login(page, "jordan@example.com")
    page.get_by_role("link", name="Draw today's pain").click()
    jaw_joint = region(page, "tmj_right")
    small = jaw_joint.bounding_box()
    assert small and small["width"] < 24, "the jaw joint is no longer too small on a phone"

    jaw_joint.tap()
    expect(page.get_by_label("Zoom")).to_have_value("front-head")
    expect(page.locator("[data-caption]")).to_contain_text("Zoomed in on the head and neck")
    assert widget_marks(page) == [], "the tap that zoomed also marked"
    larger = region(page, "tmj_right").bounding_box()
    assert larger and larger["width"] >= 24

    region(page, "tmj_right").tap()
    picker = page.get_by_role("dialog", name=re.compile("jaw joint", re.I))
    expect(picker).to_be_visible()
    picker.get_by_role("button", name="Intensity 6").tap()
    picker.get_by_role("button", name="Done").tap()
    assert [(m["region"], m["intensity"]) for m in widget_marks(page)] == [("tmj_right", 6)]
    # A big region on the whole figure still marks at the first tap.
    page.get_by_label("Zoom").select_option("whole")
    region(page, "thigh_front_left").tap()
    page.get_by_role("dialog").get_by_role("button", name="Done").tap()
    assert {m["region"] for m in widget_marks(page)} == {"tmj_right", "thigh_front_left"}
    page.get_by_label("Zoom").select_option("front-head")
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "pain-map-head-phone")


def test_it_asks_no_pain_anywhere_today_and_records_a_map_without_pain(
    desktop_page: Page, login
) -> None:
    page = desktop_page
    login(page, "maria@example.com")
    patient_id = patient_id_from(page, "Aiko Tanaka")
    before = len(stored_maps(page, patient_id))
    page.goto(f"/patients/{patient_id}/pain-maps/new/")

    page.get_by_role("button", name="Save pain map").click()
    question = page.get_by_role("dialog", name="No pain anywhere today?")
    expect(question).to_be_visible()
    expect(question.get_by_role("button", name="Yes, no pain today")).to_be_focused()
    question.get_by_role("button", name="No, mark where it hurts").click()
    expect(question).to_be_hidden()
    expect(page).to_have_url(re.compile(r"/pain-maps/new/$"))
    assert len(stored_maps(page, patient_id)) == before

    # A region checked at 0 is still no pain: asked again, and this time the answer is yes.
    region(page, "jaw_left").click()
    page.get_by_role("dialog", name=re.compile("Lower jaw")).get_by_role(
        "button", name="Intensity 0"
    ).click()
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Save pain map").click()
    question.get_by_role("button", name="Yes, no pain today").click()
    expect(page.get_by_text("Saved: no pain today.")).to_be_visible()

    maps = stored_maps(page, patient_id)
    assert len(maps) == before + 1
    assert maps[0]["no_pain"] is True
    assert [(m["region"], m["intensity"]) for m in maps[0]["marks"]] == [("jaw_left", 0)]
    # The history says so, and the map after it is compared with the last map with pain.
    page.goto(f"/patients/{patient_id}/pain-maps/")
    newest = page.locator(".map-card").first
    expect(newest.locator(".badge.no-pain")).to_have_text("No pain")
    expect(newest).to_contain_text("The last map with pain before it")
    expect(newest.locator("details.change")).to_have_count(0)


def test_it_asks_before_leaving_a_drawing_with_unsaved_marks(desktop_page: Page, login) -> None:
    page = desktop_page
    login(page, "maria@example.com")
    patient_id = patient_id_from(page, "Tom Becker")
    before = len(stored_maps(page, patient_id))
    draw = f"/patients/{patient_id}/pain-maps/new/"

    # Nothing drawn: leaving asks nothing.
    page.goto(draw)
    page.get_by_role("link", name="Cancel").click()
    expect(page).to_have_url(re.compile(rf"/patients/{patient_id}/$"))

    page.goto(draw)
    region(page, "hip_lateral_left").click()
    page.keyboard.press("Escape")
    leave = page.get_by_role("dialog", name="Leave without saving?")
    page.get_by_role("link", name="Cancel").click()
    expect(leave).to_be_visible()
    leave.get_by_role("button", name="Stay and save").click()
    expect(leave).to_be_hidden()
    expect(page).to_have_url(re.compile(r"/pain-maps/new/$"))
    assert [m["region"] for m in widget_marks(page)] == ["hip_lateral_left"]

    # The menu asks too; leaving on purpose goes where the link led and stores nothing.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Patients").click()
    expect(leave).to_be_visible()
    leave.get_by_role("button", name="Leave without saving").click()
    expect(page).to_have_url(re.compile(r"/patients/$"))
    assert len(stored_maps(page, patient_id)) == before

    # Reloading or closing the tab gets the browser's own question.
    page.goto(draw)
    region(page, "hip_lateral_left").click()
    page.keyboard.press("Escape")
    with page.expect_event("dialog") as asked:
        page.close(run_before_unload=True)
    assert asked.value.type == "beforeunload"
    asked.value.dismiss()
    assert not page.is_closed()
