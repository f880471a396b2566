"""Password reset by mail and password change, with Django's views and tokens: the answer never
says whether an address has a login, and a reset or change ends the user's other sessions."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from knotwork.accounts.models import User
from tests.accounts.conftest import is_logged_in, password_step
from tests.conftest import PASSWORD, Personas

NEW_PASSWORD = "a-brand-new-password-42"


def reset_link() -> str:
    # The link starts with KNOTWORK_BASE_URL, not the request's host.
    base = re.escape(settings.KNOTWORK_BASE_URL)
    found = re.search(base + r"(/password/reset/\S+/\S+/)", str(mail.outbox[-1].body))
    assert found, mail.outbox[-1].body
    return found.group(1)


def main_part(page: bytes) -> str:
    """The page's own content (the header carries each client's CSRF token)."""
    text = page.decode()
    return text[text.index("<main") : text.index("</main>")]


def test_it_resets_a_password_by_mail_and_ends_every_session(personas: Personas) -> None:
    elsewhere = Client()
    elsewhere.force_login(personas.therapist_a)
    answer = Client().post("/password/reset/", {"email": "Therapist.A@example.com"})
    assert answer.status_code == 302
    assert mail.outbox[-1].to == ["therapist.a@example.com"]
    browser = Client()
    form = browser.get(reset_link(), follow=True)
    assert "Choose a new password" in form.content.decode()
    done = browser.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.status_code == 302
    assert elsewhere.get("/patients/").status_code == 302
    assert is_logged_in(password_step("therapist.a@example.com", NEW_PASSWORD))
    assert not is_logged_in(password_step("therapist.a@example.com", PASSWORD, "198.51.100.2"))


def test_it_answers_the_same_whether_or_not_the_address_has_a_login(personas: Personas) -> None:
    known = Client().post("/password/reset/", {"email": "therapist.a@example.com"}, follow=True)
    unknown = Client().post("/password/reset/", {"email": "nobody@example.com"}, follow=True)
    assert known.status_code == unknown.status_code == 200
    assert main_part(known.content) == main_part(unknown.content)
    assert [m.to for m in mail.outbox] == [["therapist.a@example.com"]]


def test_it_sends_one_mailbox_at_most_three_reset_mails_an_hour(personas: Personas) -> None:
    for _ in range(5):
        Client().post("/password/reset/", {"email": "therapist.a@example.com"})
    assert len(mail.outbox) == 3


def test_it_lifts_a_lockout_with_a_reset(personas: Personas) -> None:
    for _ in range(5):
        Client(REMOTE_ADDR="198.51.100.10").post(
            "/login/", {"username": "therapist.a@example.com", "password": "wrong"}
        )
    assert not is_logged_in(password_step("therapist.a@example.com"))
    Client().post("/password/reset/", {"email": "therapist.a@example.com"})
    browser = Client()
    form = browser.get(reset_link(), follow=True)
    browser.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert is_logged_in(password_step("therapist.a@example.com", NEW_PASSWORD))


def test_it_changes_a_password_and_ends_the_other_sessions_only(personas: Personas) -> None:
    other = Client()
    other.force_login(personas.therapist_a)
    here = Client()
    here.force_login(personas.therapist_a)
    response = here.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert here.get("/patients/").status_code == 200
    assert other.get("/patients/").status_code == 302
    sessions = here.get("/account/sessions/").content.decode()
    assert sessions.count("End session") + sessions.count("Log out here") == 1


def test_it_refuses_a_password_like_the_email_or_name() -> None:
    user = User(email="aiko@example.com", display_name="Aiko Tanaka")
    for weak in ["aikoexample", "aiko@example", "aikotanaka1"]:
        try:
            validate_password(weak, user=user)
        except ValidationError as error:
            assert "too similar" in str(error)
        else:
            raise AssertionError(f"{weak} was accepted")
