"""Live feedback that survives a lost connection and a reload, and ends up in the record: the
phone says it is offline and keeps its taps, the therapist's reloaded screen shows the events so
far, and the session record shows the trace and pre-fills its trigger-point rows."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_live_feedback import screen_before_session

pytestmark = pytest.mark.browser

OFFLINE = "Offline: your taps will be sent when you're back"


def test_the_phone_goes_offline_and_back_and_the_trace_reaches_the_session_record(
    desktop_page: Page, phone_page: Page, login
) -> None:
    desk, phone = desktop_page, phone_page
    login(desk, "maria@example.com")
    desk.get_by_role("link", name=re.compile("Jordan Reyes")).click()
    screen_before_session(desk)
    # The live feedback belongs to Jordan's next session (session 3, booked by the demo).
    desk.get_by_label("Treatment session (its trigger points become the plan)").select_option(
        index=1
    )
    desk.get_by_role("button", name="Open live feedback").click()
    expect(desk).to_have_url(re.compile(r"/live/\d+/$"))
    join_url = desk.locator("#phone-link").get_attribute("href")
    assert join_url
    phone.goto(join_url)
    expect(phone.locator("#phone-status")).to_have_text("Connected to your therapist")
    desk.get_by_role("button", name="Next trigger point").click()
    phone.get_by_role("button", name="6", exact=True).tap()
    expect(desk.locator("#discomfort")).to_have_text("6")

    phone.context.set_offline(True)
    expect(phone.locator("#phone-status")).to_have_text(OFFLINE)
    phone.get_by_role("button", name="7", exact=True).tap()
    phone.context.set_offline(False)
    expect(phone.locator("#phone-status")).to_have_text("Connected to your therapist")
    expect(desk.locator("#discomfort")).to_have_text("7")

    desk.reload()
    events = desk.locator("#events")
    expect(events).to_contain_text("discomfort 6")
    expect(events).to_contain_text("discomfort 7")

    desk.get_by_role("button", name="End live feedback").click()
    desk.get_by_role("link", name=re.compile("Jordan Reyes")).first.click()
    desk.get_by_role("link", name=re.compile("Course from")).first.click()
    desk.locator("#session-3").get_by_role("link", name="Record").click()
    traces = desk.locator("#live-traces")
    expect(traces).to_contain_text("peak 7")
    expect(traces.locator("svg").first).to_be_visible()
    expect(desk.locator('select[name="points-0-target"]')).to_have_value(re.compile("^live:"))
