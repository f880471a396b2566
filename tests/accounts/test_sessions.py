"""Staff sessions end after inactivity; passwords are hashed with Argon2."""

from __future__ import annotations

import time

from django.test import Client

from knotwork.accounts.middleware import LAST_SEEN_KEY
from tests.conftest import Personas


def test_it_logs_staff_out_after_thirty_idle_minutes(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.therapist_a)
    assert client.get("/patients/").status_code == 200
    session = client.session
    session[LAST_SEEN_KEY] = time.time() - 31 * 60
    session.save()
    response = client.get("/patients/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert "inactivity" in client.get("/login/").content.decode()


def test_it_keeps_an_active_staff_session(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.therapist_a)
    session = client.session
    session[LAST_SEEN_KEY] = time.time() - 29 * 60
    session.save()
    assert client.get("/patients/").status_code == 200


def test_it_hashes_passwords_with_argon2_in_production() -> None:
    import knotwork.settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
