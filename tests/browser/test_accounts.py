"""Accounts in a real browser: the demo admin is made to set up an authenticator app at their
first login, then logs in with a code and with a recovery code; a therapist resets a forgotten
password through the link in the mail."""

from __future__ import annotations

import base64
import time

from django_otp.oath import TOTP
from playwright.sync_api import Page, expect

NEW_PASSWORD = "a-fresh-demo-password-9"


def app_code(secret: str, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for the key printed under the QR code."""
    totp = TOTP(base64.b32decode(secret.replace(" ", "")), step=30, t0=0, digits=6)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def password(page: Page, email: str, secret: str = "knotwork-demo") -> None:
    page.goto("/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(secret)
    page.get_by_role("button", name="Log in").click()


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()


def test_it_walks_an_admin_through_two_factor_and_back_in(
    phone_page: Page, desktop_page: Page, screenshot
) -> None:
    page = phone_page
    password(page, "admin@example.com")
    expect(page.get_by_role("heading", name="Set up two-factor authentication")).to_be_visible()
    expect(page.get_by_text("Your account needs a second step at login")).to_be_visible()
    # Nothing else opens until it is set up.
    page.goto("/clinic/members/")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    page.go_back()
    page.reload()
    page.get_by_text("Can't scan? Type this key instead").click()
    secret = page.locator("#totp-secret").inner_text()
    screenshot(page, "two-factor-setup-phone")
    page.get_by_label("Code shown by the app").fill(app_code(secret))
    page.get_by_role("button", name="Turn on two-factor authentication").click()

    expect(page.get_by_role("heading", name="Save your recovery codes")).to_be_visible()
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("link", name="I have saved them, continue").click()
    expect(page.get_by_role("heading", name="Members of Riverside")).to_be_hidden()
    expect(page.get_by_role("link", name="Security")).to_be_visible()
    log_out(page)

    # Next login: password, then the app's code, typed and sent with the keyboard.
    desk = desktop_page
    password(desk, "admin@example.com")
    expect(desk.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    desk.get_by_label("Code").fill("000000")
    desk.get_by_label("Code").press("Enter")
    expect(desk.get_by_text("That code is not right")).to_be_visible()
    time.sleep(1.1)  # django-otp refuses every code for a second after a wrong one
    desk.get_by_label("Code").fill(app_code(secret, steps_ahead=1))
    desk.get_by_label("Code").press("Enter")
    expect(desk.get_by_role("link", name="Security")).to_be_visible()
    desk.get_by_role("link", name="Security").click()
    expect(
        desk.get_by_text("asked at next login").or_(desk.get_by_text("off")).first
    ).to_be_visible()
    log_out(desk)

    # Phone lost: a recovery code instead, once.
    password(desk, "admin@example.com")
    desk.get_by_label("Code").fill(codes[0])
    desk.get_by_role("button", name="Continue").click()
    expect(desk.get_by_role("link", name="Security")).to_be_visible()
    desk.goto("/account/two-factor/")
    expect(desk.get_by_text("9 unused codes left.")).to_be_visible()


def test_it_resets_a_forgotten_password_through_the_mailed_link(
    desktop_page: Page, mailed_link, screenshot
) -> None:
    page = desktop_page
    page.goto("/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Email").fill("Sam@Example.com")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your mail")).to_be_visible()
    page.goto(mailed_link("sam@example.com", r"/password/reset/\S+/\S+/"))
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save the new password").click()
    expect(page.get_by_role("heading", name="Your password is changed")).to_be_visible()
    password(page, "sam@example.com", "knotwork-demo")
    expect(page.get_by_text("do not match")).to_be_visible()
    password(page, "sam@example.com", NEW_PASSWORD)
    expect(page.get_by_role("link", name="Patients")).to_be_visible()


def test_it_adds_a_passkey_and_logs_in_with_it(browser, server_url: str) -> None:
    """Chromium's virtual authenticator stands in for a phone's screen lock. Passkeys belong to
    a site's name, so this browser opens the server as localhost."""
    context = browser.new_context(base_url=server_url.replace("127.0.0.1", "localhost"))
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    try:
        password(page, "jordan@example.com")
        page.goto("/account/two-factor/")
        page.get_by_role("button", name="Add a passkey").click()
        # A first second factor makes recovery codes, shown once.
        expect(page.get_by_role("heading", name="Save your recovery codes")).to_be_visible()
        page.get_by_role("link", name="I have saved them, continue").click()
        page.goto("/account/two-factor/")
        expect(page.locator(".device-list").nth(1)).not_to_contain_text("None yet.")
        log_out(page)

        password(page, "jordan@example.com")
        expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
        page.get_by_role("button", name="Use a passkey").click()
        expect(page.get_by_role("heading", name="Hello Jordan")).to_be_visible()
        # A patient may go without: removing the passkey leaves the demo patient as it was
        # for the tests after this one.
        page.goto("/account/two-factor/")
        page.locator(".device-list").nth(1).get_by_role("button", name="Remove").click()
        expect(page.get_by_text("removed.")).to_be_visible()
    finally:
        context.close()
