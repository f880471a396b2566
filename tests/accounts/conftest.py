"""Helpers of the accounts tests: logging in through the real forms, and app codes."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django_otp.oath import TOTP

from tests.conftest import PASSWORD


@pytest.fixture(autouse=True)
def fresh_counters() -> Iterator[None]:
    """Throttle counters live in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


def app_code(device: Any, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows for `device` (the next 30-second step's with
    `steps_ahead=1`: the device accepts one step either side, but never a code twice)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def password_step(email: str, password: str = PASSWORD, address: str = "198.51.100.10") -> Client:
    client = Client(REMOTE_ADDR=address)
    client.post("/login/", {"username": email, "password": password})
    return client


def is_logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session
