"""/healthz tells a load balancer whether the database answers."""

from __future__ import annotations

from django.db.utils import OperationalError
from django.test import Client


def test_it_reports_healthy_when_the_database_answers(db) -> None:
    response = Client().get("/healthz")
    assert (response.status_code, response.json()["status"]) == (200, "ok")


def test_it_reports_503_when_the_database_is_down(db, monkeypatch) -> None:
    from django.db import connection

    def broken_cursor(*args: object, **kwargs: object) -> None:
        raise OperationalError("connection refused")

    with monkeypatch.context() as patched:
        patched.setattr(connection, "cursor", broken_cursor)
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
