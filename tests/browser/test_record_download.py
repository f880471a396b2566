"""The right of access in a browser: the demo patient downloads their own record as FHIR from
their page on a phone, and the therapist downloads it from the patient page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_it_lets_the_patient_download_their_record_from_their_phone(
    phone_page: Page, login
) -> None:
    login(phone_page, "jordan@example.com")
    phone_page.goto("/me/")
    section = phone_page.locator("#your-record")
    expect(section.get_by_role("heading", name="Your record")).to_be_visible()

    with phone_page.expect_download() as started:
        section.get_by_role("link", name="Download my record (FHIR)").click()
    download = started.value

    assert download.suggested_filename.startswith("my-fhir-record-")
    bundle = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    patients = [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"
    ]
    assert bundle["resourceType"] == "Bundle"
    assert patients[0]["name"][0]["given"] == ["Jordan"]


def test_it_lets_the_therapist_download_the_record_from_the_patient_page(
    desktop_page: Page, login
) -> None:
    login(desktop_page, "maria@example.com")
    desktop_page.goto("/patients/")
    desktop_page.get_by_role("link", name="Jordan Reyes (demo)").first.click()

    with desktop_page.expect_download() as started:
        desktop_page.get_by_role("link", name="Download FHIR record").click()

    assert started.value.suggested_filename.startswith("jordan-reyes-demo-fhir-record-")
    kinds = {
        e["resource"]["resourceType"]
        for e in json.loads(Path(started.value.path()).read_text(encoding="utf-8"))["entry"]
    }
    assert {"Encounter", "Procedure", "CarePlan"} <= kinds
