"""The OpenAPI document says exactly what the API does: schemathesis against a real server.

A real `knotwork serve --demo` on a fresh data directory and a free port; a therapist of the
demo clinic logs in through the login page, and schemathesis runs every phase (examples,
coverage, fuzzing, stateful) and every check on every operation of /api/v1/openapi.json:
no server error, status codes, content types and headers as documented, response bodies that
match their schemas, requests outside the document refused, requests inside it accepted
(except the refusals that depend on what is stored, named in `schemathesis.toml`), and the
authentication enforced (without the session, and with a wrong one). Zero failures.

The number of cases is bounded (MAX_EXAMPLES per operation and phase, on both cores) so the
run takes a minute or two; `KNOTWORK_SCHEMATHESIS_EXAMPLES` raises it for a longer hunt.
"""

from __future__ import annotations

import html.parser
import http.cookiejar
import os
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from knotwork.local_servers import free_port, healthy, stop

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
MAX_EXAMPLES = int(os.environ.get("KNOTWORK_SCHEMATHESIS_EXAMPLES", "15"))
STARTUP_TIMEOUT_S = 60.0
THERAPIST = "maria@example.com"
DEMO_PASSWORD = "knotwork-demo"


@dataclass(frozen=True)
class Login:
    session: str
    csrf: str


class _CsrfField(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.value = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        fields = dict(attrs)
        if tag == "input" and fields.get("name") == "csrfmiddlewaretoken":
            self.value = fields.get("value") or ""


@pytest.fixture(scope="module")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `knotwork serve --demo` (SQLite in its own data directory) on a free port."""
    data_dir = tmp_path_factory.mktemp("knotwork-openapi")
    log_path = data_dir / "serve.log"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env["KNOTWORK_DATA_DIR"] = str(data_dir)
    command = [sys.executable, "-m", "knotwork", "serve", "--demo"]
    command += ["--data-dir", str(data_dir), "--port", str(port)]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not healthy(url):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"`knotwork serve` did not start:\n{log_path.read_text()}")
            time.sleep(0.2)
        yield url
    finally:
        stop(process)


def log_in(base_url: str) -> Login:
    """The demo therapist logs in through the login page, as a person would."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{base_url}/login/") as page:
        parser = _CsrfField()
        parser.feed(page.read().decode())
    form = {"csrfmiddlewaretoken": parser.value, "username": THERAPIST}
    form["password"] = DEMO_PASSWORD
    request = urllib.request.Request(
        f"{base_url}/login/",
        data=urllib.parse.urlencode(form).encode(),
        headers={"Referer": f"{base_url}/login/"},
    )
    with opener.open(request) as answer:
        assert urllib.parse.urlparse(answer.url).path != "/login/", "the demo login failed"
    cookies = {cookie.name: cookie.value or "" for cookie in jar}
    return Login(session=cookies["sessionid"], csrf=cookies["csrftoken"])


def test_the_api_does_what_its_openapi_document_says(server_url: str) -> None:
    login = log_in(server_url)
    env = {
        **os.environ,
        "SCHEMATHESIS_HOOKS": "tests.api.schemathesis_auth",
        "PYTHONPATH": str(ROOT),
        "KNOTWORK_ST_SESSION": login.session,
        "KNOTWORK_ST_CSRF": login.csrf,
    }
    command = [
        str(Path(sys.executable).parent / "schemathesis"),
        "--no-color",
        "--config-file",
        str(HERE / "schemathesis.toml"),
        "run",
        f"{server_url}/api/v1/openapi.json",
        "--checks",
        "all",
        "--workers",
        "2",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--generation-database",
        "none",
        "--output-truncate",
        "false",
    ]
    run = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900, check=False
    )
    output = run.stdout + run.stderr
    # The summary (operations, cases, failures) is printed either way, for the figures.
    summary = output[output.rfind("SUMMARY") :] if "SUMMARY" in output else output[-3000:]
    print(summary)
    assert run.returncode == 0, f"schemathesis found failures:\n{output[-20000:]}"
    assert "Tested: " in output
