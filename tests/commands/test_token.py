"""`knotwork token create|revoke`, as an operator runs it (in-process, on the test database)."""

from __future__ import annotations

from pathlib import Path

import pytest

from knotwork.accounts.models import ApiToken, User
from knotwork.accounts.models.tokens import hash_api_token
from knotwork.audit.models import AuditEntry
from knotwork.cli import main
from knotwork.clinics.models import Clinic, Membership


@pytest.fixture
def operator(db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("KNOTWORK_DATA_DIR", str(tmp_path))
    user = User.objects.create_user("ops.user@example.com", "a-long-password-1")
    clinic = Clinic.objects.create(name="North Clinic")
    Membership.objects.create(user=user, clinic=clinic, role="therapist")

    def run(*args: str) -> int:
        return main([*args, "--data-dir", str(tmp_path)])

    return run


def test_it_prints_a_new_token_once_and_audits_it(operator, capsys) -> None:
    status = operator(
        "token", "create", "--user", "Ops.User@example.com", "--clinic", "North Clinic",
        "--scopes", "read,write", "--name", "backup job", "--days", "7",
    )  # fmt: skip
    out, err = capsys.readouterr()
    assert status == 0
    secret = out.strip()
    token = ApiToken.objects.get()
    assert token.token_hash == hash_api_token(secret) and token.scopes == "read,write"
    assert "read, write" in err and "Shown only now" in err
    entry = AuditEntry.objects.get(subject="api_token")
    assert "by an operator on the command line" in entry.detail


def test_it_refuses_a_clinic_the_user_does_not_work_in_and_a_name_twice(operator, capsys) -> None:
    clinic_id = str(Clinic.objects.get().pk)
    assert operator("token", "create", "--user", "ops.user@example.com", "--clinic", clinic_id,
                    "--name", "job") == 0  # fmt: skip
    assert operator("token", "create", "--user", "ops.user@example.com", "--clinic", clinic_id,
                    "--name", "job") == 2  # fmt: skip
    assert "already have a token named" in capsys.readouterr().err
    assert operator("token", "create", "--user", "ops.user@example.com", "--clinic", "South",
                    "--name", "x") == 2  # fmt: skip
    assert "not an active member" in capsys.readouterr().err
    assert operator("token", "create", "--user", "nobody@example.com", "--clinic", clinic_id,
                    "--name", "x") == 2  # fmt: skip
    assert "no login has the email" in capsys.readouterr().err


def test_it_revokes_a_token_by_name(operator, capsys) -> None:
    operator("token", "create", "--user", "ops.user@example.com", "--clinic", "North Clinic",
             "--name", "backup job")  # fmt: skip
    assert operator("token", "revoke", "backup job", "--user", "ops.user@example.com") == 0
    assert ApiToken.objects.get().revoked_at is not None
    assert operator("token", "revoke", "backup job", "--user", "ops.user@example.com") == 2
    assert "no live token" in capsys.readouterr().err
