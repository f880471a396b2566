"""Response headers: the Content-Security-Policy, Permissions-Policy and no caching of patient data.

Every URL and API operation is checked for `Cache-Control: no-store` and both policies by the
access matrix (tests/web/test_access_matrix.py), for every persona; the browser tier fails any
test whose pages break the policy (tests/browser/conftest.py).
"""

from __future__ import annotations

import re
from pathlib import Path

from django.test import Client

from tests.conftest import Personas

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "knotwork"


def test_a_page_runs_scripts_and_styles_from_the_site_only(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.therapist_a)
    page = client.get("/patients/")

    policy = dict(
        directive.strip().split(" ", 1) for directive in page["Content-Security-Policy"].split(";")
    )
    nonce = re.search(r"'nonce-([^']+)'", policy["script-src"])
    assert nonce is not None
    assert policy["script-src"] == f"'self' 'nonce-{nonce.group(1)}'"
    assert policy["style-src"] == f"'self' 'nonce-{nonce.group(1)}'"
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    assert "unsafe" not in page["Content-Security-Policy"]
    # The one inline style (htmx's indicator rules) carries this response's nonce.
    html = page.content.decode()
    assert f'"inlineStyleNonce": "{nonce.group(1)}"' in html
    assert html.count("<style") == 0  # no inline style of the page's own
    # A fresh nonce for every response.
    assert nonce.group(1) not in client.get("/patients/")["Content-Security-Policy"]


def test_static_files_may_be_cached_and_pages_may_not(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.therapist_a)
    assert client.get("/static/web/app.css")["Cache-Control"] != "no-store"
    assert client.get(f"/patients/{personas.patient.pk}/")["Cache-Control"] == "no-store"
    assert client.get("/login/")["Cache-Control"] == "no-store"


def test_no_template_has_an_inline_script_style_or_event_handler() -> None:
    """What the policy would block: <script> without src (JSON data blocks are not run),
    style="..." and on...="..." attributes."""
    found = []
    for template in TEMPLATES.rglob("templates/**/*.html"):
        text = template.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and "application/json" not in tag:
                found.append(f"{template.name}: {tag}")
        found += [f"{template.name}: {m}" for m in re.findall(r"\sstyle=\"[^\"]*\"", text)]
        found += [f"{template.name}: {m}" for m in re.findall(r"\son[a-z]+=\"[^\"]*\"", text)]
    assert found == []


def test_https_is_required_behind_tls(personas: Personas, settings) -> None:
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    client = Client()
    assert client.get("/login/")["Location"] == "https://testserver/login/"
    assert client.get("/healthz").status_code == 200
    secure = client.get("/login/", secure=True)
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
