"""A real server believes X-Forwarded-For only from a configured proxy: by default a forged
header changes nothing in what the throttles count and the records keep; from a proxy named in
KNOTWORK_TRUSTED_PROXIES the header gives the client's address. Started without --demo, the
server has no login at all, so no well-known password exists."""

from __future__ import annotations

import http.cookiejar
import os
import re
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from knotwork.local_servers import free_port, healthy, stop

FORGED = "203.0.113.99"


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[object]:
    started: list[subprocess.Popen[bytes]] = []

    def start(**env_extra: str) -> str:
        port = free_port()
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
        env.pop("KNOTWORK_TRUSTED_PROXIES", None)
        env.update(KNOTWORK_DATA_DIR=str(tmp_path), **env_extra)
        command = [sys.executable, "-m", "knotwork", "serve", "--no-worker"]
        command += ["--data-dir", str(tmp_path), "--port", str(port)]
        process = subprocess.Popen(
            command,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        started.append(process)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while not healthy(url):
            assert process.poll() is None and time.monotonic() < deadline, "server did not start"
            time.sleep(0.1)
        return url

    yield start
    for process in started:
        stop(process)


def failed_login_from(url: str, forwarded_for: str) -> None:
    """A wrong password sent with a forged X-Forwarded-For, as a client behind a proxy would."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{url}/login/").read().decode()
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found, page
    csrf = found.group(1)
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": csrf, "username": "nobody@example.com", "password": "wrong"}
    ).encode()
    request = urllib.request.Request(
        f"{url}/login/", data=body, headers={"X-Forwarded-For": forwarded_for, "Referer": url}
    )
    opener.open(request).read()


def recorded_addresses(data_dir: Path) -> list[str]:
    with sqlite3.connect(data_dir / "knotwork.sqlite3") as db:
        return [row[0] for row in db.execute("SELECT ip_address FROM axes_accessattempt")]


def test_it_ignores_a_forged_forwarded_header_by_default(serve, tmp_path: Path) -> None:
    failed_login_from(serve(), FORGED)
    assert recorded_addresses(tmp_path) == ["127.0.0.1"]


def test_it_honours_the_forwarded_header_from_a_configured_proxy(serve, tmp_path: Path) -> None:
    failed_login_from(serve(KNOTWORK_TRUSTED_PROXIES="127.0.0.1"), FORGED)
    assert recorded_addresses(tmp_path) == [FORGED]


def test_it_has_no_login_at_all_without_demo(serve, tmp_path: Path) -> None:
    serve()
    with sqlite3.connect(tmp_path / "knotwork.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM accounts_user").fetchone() == (0,)
        assert db.execute("SELECT count(*) FROM clinics_clinic").fetchone() == (0,)
