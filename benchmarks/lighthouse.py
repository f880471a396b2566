"""Lighthouse (mobile) scores of the login page and the dashboard, against a real demo server.

    python benchmarks/lighthouse.py [--json]

Starts `knotwork serve --demo` on a free port with a throw-away data directory, logs in as the
demo therapist (the login form, as a person would), and runs Lighthouse 12 (the npm package of
tools/lighthouse, installed there with `npm ci` on first use) with Debian's /usr/bin/chromium,
headless, mobile form factor and throttling (Lighthouse's defaults). Prints the performance,
accessibility and best-practices scores of each page and every audit of those categories that
did not pass, with --json a last line of `{"login": {...}, "dashboard": {...}}`.

Scores move with the machine's load (performance most): quote the load average with them. It
asserts nothing: timing belongs in benchmarks, never in tests.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from knotwork.local_servers import free_port, healthy, stop

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CATEGORIES = ("performance", "accessibility", "best-practices")
THERAPIST = "maria@example.com"


def lighthouse_bin() -> Path:
    """The tool's lighthouse, after `npm ci` when its node_modules is missing."""
    found = TOOL / "node_modules" / ".bin" / "lighthouse"
    if not found.exists():
        print("Installing Lighthouse (npm ci in tools/lighthouse)...", file=sys.stderr)
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=TOOL, check=True
        )
    return found


def log_in(base: str, email: str, password: str) -> str:
    """The Cookie header of a session logged in through the login form."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None, "no CSRF token on the login page"
    form = {"csrfmiddlewaretoken": token.group(1), "username": email, "password": password}
    answer = opener.open(f"{base}/login/", urllib.parse.urlencode(form).encode())
    assert "/login/" not in answer.geturl(), f"the demo login failed: {answer.geturl()}"
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


def audit(url: str, cookie: str | None, profile: Path) -> dict[str, Any]:
    """Lighthouse's report of one page (mobile, its default throttling)."""
    command = [
        str(lighthouse_bin()),
        url,
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu "
        f"--disable-background-networking --no-first-run --user-data-dir={profile}",
    ]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    # On a loaded machine Chromium's protocol now and then times out: one more try.
    for attempt in (1, 2):
        done = subprocess.run(command, env=env, capture_output=True, timeout=300)
        if done.returncode == 0:
            break
        print(f"lighthouse failed on {url} (try {attempt}):", file=sys.stderr)
        print(done.stderr.decode()[-2000:], file=sys.stderr)
    else:
        raise RuntimeError(f"lighthouse failed twice on {url}")
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def summary(report: dict[str, Any]) -> dict[str, Any]:
    """The scores (0-100) and the audits of the scored categories that did not pass."""
    scores = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    failing = []
    for name in CATEGORIES:
        for ref in report["categories"][name]["auditRefs"]:
            found = report["audits"][ref["id"]]
            if ref["weight"] > 0 and found["score"] is not None and found["score"] < 1:
                failing.append({"category": name, "id": ref["id"], "title": found["title"]})
    return {"url": report["finalDisplayedUrl"], "scores": scores, "not_passed": failing}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="end with one JSON object")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"benchmarks/lighthouse.py needs Debian's chromium at {CHROMIUM}", file=sys.stderr)
        return 2
    data = Path(tempfile.mkdtemp(prefix="knotwork-lighthouse-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "KNOTWORK_DATA_DIR": str(data / "var")}
    env.pop("DATABASE_URL", None)
    command = [sys.executable, "-m", "knotwork", "serve", "--demo", "--port", str(port)]
    with (data / "server.log").open("wb") as log:
        server = subprocess.Popen(
            command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    results: dict[str, Any] = {}
    try:
        deadline = time.monotonic() + 120
        while not healthy(base):
            if server.poll() is not None or time.monotonic() > deadline:
                print((data / "server.log").read_text(), file=sys.stderr)
                return 1
            time.sleep(0.2)
        # The demo's password, as the server prints it beside the demo logins.
        printed = re.search(r"password for all: (\S+)\)", (data / "server.log").read_text())
        assert printed is not None, "the server printed no demo logins"
        pages: dict[str, tuple[str, str | None]] = {
            "login": (f"{base}/login/", None),
            "dashboard": (f"{base}/patients/", log_in(base, THERAPIST, printed.group(1))),
        }
        for name, (url, cookie) in pages.items():
            results[name] = summary(audit(url, cookie, data / f"chromium-{name}"))
    finally:
        stop(server)
        shutil.rmtree(data, ignore_errors=True)
    for name, result in results.items():
        scores = ", ".join(f"{key} {value}" for key, value in result["scores"].items())
        print(f"{name} ({result['url']}): {scores}")
        for failed in result["not_passed"]:
            print(f"  not passed ({failed['category']}): {failed['id']}: {failed['title']}")
    print(f"load average {os.getloadavg()}")
    if args.json:
        print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
