"""Logging in: a wrong password gets a message, repeated failures lock the account."""

from __future__ import annotations

from django.test import Client

from tests.conftest import PASSWORD, Personas


def test_it_refuses_a_wrong_password_with_a_message(personas: Personas) -> None:
    client = Client()
    response = client.post("/login/", {"username": "therapist.a@example.com", "password": "wrong"})
    assert response.status_code == 200
    assert "do not match" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_locks_an_account_after_repeated_failed_logins(personas: Personas) -> None:
    client = Client()
    for _ in range(5):
        client.post("/login/", {"username": "therapist.a@example.com", "password": "wrong"})
    response = client.post("/login/", {"username": "therapist.a@example.com", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert "_auth_user_id" not in client.session
