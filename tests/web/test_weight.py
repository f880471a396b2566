"""What a page weighs on the wire: compressed pages and API answers, a favicon, a cheap probe."""

from __future__ import annotations

import gzip

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.conftest import Personas


def test_it_sends_pages_and_api_answers_gzipped_to_a_browser_that_accepts_it(
    personas: Personas,
) -> None:
    client = Client()
    client.force_login(personas.therapist_a)
    for url in ("/patients/", "/api/v1/patients"):
        response = client.get(url, headers={"Accept-Encoding": "gzip, br"})
        assert response.status_code == 200
        assert response["Content-Encoding"] == "gzip"
        assert personas.patient.family_name in gzip.decompress(response.content).decode()


def test_it_never_compresses_an_answer_to_a_request_another_site_made(
    personas: Personas,
) -> None:
    client = Client()
    client.force_login(personas.therapist_a)
    response = client.get(
        "/patients/", headers={"Accept-Encoding": "gzip", "Sec-Fetch-Site": "cross-site"}
    )
    assert not response.has_header("Content-Encoding")
    assert personas.patient.family_name in response.content.decode()


def test_it_serves_a_favicon_at_the_root_and_names_it_on_every_page(db: None) -> None:
    client = Client()
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200
    assert icon.getvalue()[:4] == b"\x00\x00\x01\x00"
    assert 'rel="icon"' in client.get("/login/").content.decode()


def test_the_health_check_asks_the_database_only_whatever_the_cookies(
    personas: Personas,
) -> None:
    client = Client()
    client.force_login(personas.therapist_a)
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/healthz")
    assert response.json() == {"status": "ok"}
    assert [q["sql"] for q in captured.captured_queries] == ["SELECT 1"]
