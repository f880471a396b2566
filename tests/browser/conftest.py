"""The browser tier: Playwright drives Debian's /usr/bin/chromium against a real `knotwork serve`.

One server per test session, on a fresh data directory and a free port, seeded with the demo
clinic exactly as a person trying the demo would see it. Nothing here skips: a missing browser
is a failure, because a browser tier that quietly skips proves nothing.
"""

from __future__ import annotations

import email
import email.message
import email.policy
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from pluggy import Result

from knotwork.local_servers import free_port, healthy, stop

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, ConsoleMessage

CHROMIUM = Path("/usr/bin/chromium")
# Without the networking flags chromium keeps trying to reach Google's hosts, which this kind of
# closed network refuses; --no-sandbox because CI runs as root, where the sandbox cannot start.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-quic",
    "--disable-component-update",
    "--disable-sync",
]
DEMO_PASSWORD = "knotwork-demo"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
STARTUP_TIMEOUT_S = 60.0
BROWSER_DIR = Path(__file__).resolve().parent

Login = Callable[..., None]
Screenshot = Callable[[object, str], Path]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, Result[pytest.TestReport]]:
    """Turn a skipped browser test into a failure: the tier must run or say why it cannot."""
    outcome = yield
    report = outcome.get_result()
    in_tier = BROWSER_DIR in Path(str(item.path)).resolve().parents
    if in_tier and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"A browser test must not be skipped (it was: {reason})."


@pytest.fixture(scope="session")
def server_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the server's output goes, mail included (the console mail backend prints it)."""
    return tmp_path_factory.getbasetemp() / "serve.log"


@pytest.fixture(scope="session")
def server_url(tmp_path_factory: pytest.TempPathFactory, server_log: Path) -> Iterator[str]:
    """The base URL of a real `knotwork serve --demo` on a fresh data directory and a free port."""
    data_dir = tmp_path_factory.mktemp("knotwork-serve")
    log_path = server_log
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    # The server uses SQLite in its own data directory, whatever database the developer's
    # environment points at: the demo clinic must never be seeded into a real database.
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
                state = (
                    f"exited with {process.returncode}"
                    if process.poll() is not None
                    else f"gave no 200 from /healthz within {STARTUP_TIMEOUT_S:.0f} s"
                )
                pytest.fail(
                    f"`knotwork serve` {state}. Its output:\n{log_path.read_text()}",
                    pytrace=False,
                )
            time.sleep(0.1)
        yield url
    finally:
        stop(process)


# Every page of every browser test runs under the server's Content-Security-Policy: a blocked
# script, style, handler or connection is reported by the page itself and fails the test.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile}:${event.lineNumber}`);
});
"""
POLICY_WORDS = ("CSP violation", "Content Security Policy", "Permissions-Policy")


class WatchedBrowser:
    """Chromium whose every context reports policy violations (CSP, Permissions-Policy)."""

    def __init__(self, launched: Browser) -> None:
        self._launched = launched
        self.violations: list[str] = []

    def new_context(self, **options: Any) -> BrowserContext:
        context = self._launched.new_context(**options)
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        context.on("console", self._console)
        return context

    def _console(self, message: ConsoleMessage) -> None:
        if any(word in message.text for word in POLICY_WORDS):
            where = message.page.url if message.page else "?"
            self.violations.append(f"{where}: {message.text}")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._launched, name)


@pytest.fixture(autouse=True)
def no_policy_violations(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail a browser test whose pages broke the Content-Security-Policy or Permissions-Policy."""
    if "browser" not in request.fixturenames:
        yield
        return
    watched: WatchedBrowser = request.getfixturevalue("browser")
    watched.violations.clear()
    yield
    assert not watched.violations, "the pages broke the security policy:\n" + "\n".join(
        sorted(set(watched.violations))
    )


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's chromium under Playwright; each launch gets a fresh, temporary profile."""
    if not CHROMIUM.exists():
        pytest.fail(
            "The browser tier needs Debian's chromium at /usr/bin/chromium. Install it with "
            "`apt-get update && apt-get install -y chromium` (bin/test does that as root).",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield WatchedBrowser(launched)
        launched.close()


@pytest.fixture
def desktop_page(browser, server_url: str) -> Iterator[object]:
    """A page in a fresh desktop-sized browser context (no cookies from other tests)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=server_url)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone_page(browser, server_url: str) -> Iterator[object]:
    """A page in a fresh phone-sized, touch-enabled browser context."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        base_url=server_url,
    )
    yield context.new_page()
    context.close()


def _mails(log: str) -> list[email.message.EmailMessage]:
    """The messages Django's console mail backend printed (each ends with a line of dashes),
    decoded as a mail program would (long lines arrive quoted-printable)."""
    found = []
    for chunk in log.split("\n" + "-" * 79 + "\n"):
        start = chunk.find("Content-Type: ")
        if start != -1 and "\nTo: " in chunk[start:]:
            parsed = email.message_from_string(chunk[start:], policy=email.policy.default)
            found.append(parsed)
    return found


@pytest.fixture
def mailed_link(server_log: Path) -> Callable[[str, str], str]:
    """The newest link matching `path_pattern` in a mail the server sent to `to`, as the person
    would find it in their mailbox (waiting a little: mail may be sent after the page answers)."""

    def find(to: str, path_pattern: str) -> str:
        deadline = time.monotonic() + 10
        while True:
            for message in reversed(_mails(server_log.read_text(errors="replace"))):
                if message["To"] == to:
                    body = message.get_body(("plain",))
                    found = re.search(rf"https?://\S+{path_pattern}", body.get_content())
                    if found:
                        return found.group(0)
            if time.monotonic() > deadline:
                raise AssertionError(f"No mail to {to} with a link like {path_pattern}")
            time.sleep(0.2)

    return find


@pytest.fixture
def login() -> Login:
    """Log a demo user in through the login form; leaves the page wherever the app sends them."""

    def log_in(page, email: str, password: str = DEMO_PASSWORD) -> None:
        page.goto("/login/")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_load_state("networkidle")

    return log_in


@pytest.fixture
def screenshot() -> Screenshot:
    """Save a full-page screenshot into docs/screenshots/ (the README's tour), replacing the old."""

    def save(page, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True, animations="disabled")
        return path

    return save
