"""The short-code page allows ten tries a minute per address, so codes cannot be guessed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from knotwork.live.throttle import TRIES_PER_WINDOW

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counters() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def guess(code: str, address: str = "203.0.113.7") -> int:
    return Client(REMOTE_ADDR=address).post(reverse("live_code"), {"code": code}).status_code


def test_it_refuses_the_eleventh_try_in_a_minute_even_with_the_right_code(live) -> None:
    wrong = [guess("ZZZZZZ") for _ in range(TRIES_PER_WINDOW)]
    assert wrong == [400] * TRIES_PER_WINDOW
    refused = Client(REMOTE_ADDR="203.0.113.7").post(
        reverse("live_code"), {"code": live.short_code}
    )
    assert refused.status_code == 429
    assert "Too many tries" in refused.content.decode()


def test_it_counts_each_address_on_its_own(live) -> None:
    for _ in range(TRIES_PER_WINDOW + 1):
        guess("ZZZZZZ", address="203.0.113.7")
    assert guess(live.short_code, address="198.51.100.20") == 302


def test_it_lets_a_new_minute_start_afresh(live) -> None:
    for _ in range(TRIES_PER_WINDOW + 1):
        guess("ZZZZZZ")
    # The window's counter expiring is what a minute passing does to it.
    cache.delete("live-code-tries:203.0.113.7")
    assert guess(live.short_code) == 302


def test_it_does_not_count_opening_the_page() -> None:
    client = Client(REMOTE_ADDR="203.0.113.7")
    assert [client.get(reverse("live_code")).status_code for _ in range(20)] == [200] * 20
    assert guess("ZZZZZZ") == 400


def test_a_wrong_code_is_shown_as_an_error_beside_the_field(live) -> None:
    page = Client(REMOTE_ADDR="203.0.113.9").post(reverse("live_code"), {"code": "ZZZZZZ"})

    assert page.status_code == 400
    assert '<p class="error" role="alert">No open session has this code.' in page.content.decode()
