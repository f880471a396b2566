"""An operator in Django's admin (a superuser; the second factor is tests/accounts' concern)."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.http import HttpRequest
from django.test import Client


@pytest.fixture
def operator_client(db: None, monkeypatch: pytest.MonkeyPatch) -> Client:
    from knotwork.accounts.models import User

    def superuser(request: HttpRequest) -> bool:
        return bool(getattr(request.user, "is_superuser", False))

    # The admin asks for a verified second factor too (tests/accounts/test_two_factor.py).
    monkeypatch.setattr(admin.site, "has_permission", superuser)
    operator = User.objects.create_superuser("operator@example.com", "a-long-password-1")
    client = Client()
    client.force_login(operator, backend="django.contrib.auth.backends.ModelBackend")
    return client
