"""Logging in: a wrong password gets a message; lockouts are by account and address together, so
they cannot be turned against staff; an address trying many accounts is slowed."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from knotwork.accounts.models import User
from tests.accounts.conftest import is_logged_in, password_step
from tests.conftest import PASSWORD, Personas

ATTACKER = "203.0.113.66"
CLINIC = "198.51.100.10"


def test_it_refuses_a_wrong_password_with_a_message(personas: Personas) -> None:
    client = Client()
    response = client.post("/login/", {"username": "therapist.a@example.com", "password": "wrong"})
    assert response.status_code == 200
    assert "do not match" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_locks_an_account_at_the_address_of_repeated_failures(personas: Personas) -> None:
    for _ in range(5):
        Client(REMOTE_ADDR=ATTACKER).post(
            "/login/", {"username": "therapist.a@example.com", "password": "wrong"}
        )
    client = Client(REMOTE_ADDR=ATTACKER)
    response = client.post("/login/", {"username": "therapist.a@example.com", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert "Reset your password by email" in response.content.decode()
    assert not is_logged_in(client)


def test_it_still_lets_the_clinician_in_from_another_address(personas: Personas) -> None:
    for _ in range(10):
        Client(REMOTE_ADDR=ATTACKER).post(
            "/login/", {"username": "therapist.a@example.com", "password": "wrong"}
        )
    assert is_logged_in(password_step("therapist.a@example.com", address=CLINIC))


def test_it_compares_emails_ignoring_case_and_spaces(personas: Personas) -> None:
    assert is_logged_in(password_step("  Therapist.A@Example.COM "))


def test_it_counts_failures_in_any_case_as_one_account(personas: Personas) -> None:
    for email in ["Therapist.A@example.com", "THERAPIST.A@EXAMPLE.COM", "therapist.a@example.com"]:
        Client(REMOTE_ADDR=ATTACKER).post("/login/", {"username": email, "password": "x"})
    for _ in range(2):
        Client(REMOTE_ADDR=ATTACKER).post(
            "/login/", {"username": "therapist.a@Example.com", "password": "x"}
        )
    assert (
        password_step("therapist.a@example.com", address=ATTACKER).session.get("_auth_user_id")
        is None
    )


def spray(accounts: list[str], address: str = ATTACKER) -> list[int]:
    return [
        Client(REMOTE_ADDR=address)
        .post("/login/", {"username": email, "password": "Summer2026!"})
        .status_code
        for email in accounts
    ]


@override_settings(ADDRESS_ACCOUNT_LIMIT=10)
def test_it_slows_an_address_that_tries_many_accounts(personas: Personas) -> None:
    victims = [f"staff{n}@example.com" for n in range(12)]
    for email in victims:
        User.objects.create_user(email, PASSWORD)
    answers = spray(victims)
    assert answers[:9] == [200] * 9
    assert answers[9:] == [429] * 3
    # Even the right password of an account never tried before is refused from there now ...
    blocked = password_step("therapist.b@example.com", address=ATTACKER)
    assert not is_logged_in(blocked)
    # ... while every other address is untouched.
    assert is_logged_in(password_step("therapist.b@example.com", address=CLINIC))


@override_settings(ADDRESS_ACCOUNT_LIMIT=3)
def test_it_keeps_a_sprayed_address_open_for_those_who_usually_log_in_from_it(
    personas: Personas,
) -> None:
    """A clinic behind one shared address: someone there tries many accounts, and the staff
    who log in from that address every day still get in."""
    assert is_logged_in(password_step("therapist.a@example.com", address=CLINIC))
    password_step("therapist.a@example.com", address=CLINIC).get("/logout/")
    spray(["x1@example.com", "x2@example.com", "x3@example.com", "x4@example.com"], CLINIC)
    assert is_logged_in(password_step("therapist.a@example.com", address=CLINIC))
    assert not is_logged_in(password_step("admin.b@example.com", address=CLINIC))


@pytest.mark.parametrize("limit", [10])
def test_it_does_not_let_a_sprayer_wipe_its_count_by_logging_in(
    personas: Personas, limit: int
) -> None:
    with override_settings(ADDRESS_ACCOUNT_LIMIT=limit):
        spray([f"nobody{n}@example.com" for n in range(limit)])
        # The sprayer's own account (a patient login) logs in from the same address ...
        own = password_step("pat@example.com", address=ATTACKER)
        # ... which is refused too (it is not their usual address), and the count stays.
        assert not is_logged_in(own)
        assert spray(["therapist.a@example.com"]) == [429]
