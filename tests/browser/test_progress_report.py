"""The physician's progress report in a browser: the therapist asks for it on the patient page,
the report's page shows the worker's progress (htmx polls the status fragment) and then the
download link, which gives the PDF. The served app's own worker (`knotwork serve` runs one)
makes the report."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

# How long the page may keep polling before the worker has made the report: a bound on a
# wait, not a measured figure (the test passes as soon as the link is there).
WORKER_BOUND_MS = 90_000


def test_it_shows_the_progress_then_the_download_link(desktop_page: Page, login) -> None:
    page = desktop_page
    login(page, "maria@example.com")
    page.goto("/patients/")
    page.get_by_role("link", name="Jordan Reyes (demo)").first.click()

    documents = page.locator("#documents")
    documents.get_by_role("button", name=re.compile(r"^Progress report")).first.click()

    expect(page).to_have_url(re.compile(r"/reports/\d+/$"))
    status = page.locator("#report-status")
    # The request is queued for the worker: the page says so and shows the bar while it polls
    # (the worker needs seconds to lay out the pages, the redirect here milliseconds).
    expect(status.locator("progress")).to_be_attached()
    # htmx swaps the fragment in as the worker goes on, until the report is ready.
    link = status.get_by_role("link", name="Download PDF")
    expect(link).to_be_visible(timeout=WORKER_BOUND_MS)
    expect(status.locator("progress")).to_have_count(0)
    expect(status).to_contain_text(re.compile(r"Ready: \d+ pages"))
    assert status.get_attribute("hx-get") is None, "the page stops polling once it is ready"

    with page.expect_download() as started:
        link.click()

    download = started.value
    assert download.suggested_filename.startswith("progress-report-for-dr-hana-lee-demo-")
    assert Path(download.path()).read_bytes().startswith(b"%PDF-")
