"""The audit trail is tamper-evident: each entry hashes its content and the previous entry's
hash, and `knotwork audit verify` names the first entry that does not match."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from knotwork.audit.chain import verify
from knotwork.audit.models import AuditChainHead, AuditEntry
from knotwork.cli import main
from tests.conftest import Personas


@pytest.fixture
def trail(personas: Personas) -> list[AuditEntry]:
    client = Client(REMOTE_ADDR="2001:0db8:0000::0001")
    client.force_login(personas.therapist_a)
    for patient in (personas.patient, personas.other_patient):
        client.get(f"/patients/{patient.pk}/")
    client.post(
        f"/patients/{personas.patient.pk}/edit/",
        {"given_name": "Pat", "family_name": "Ient", "phone": "555 0100"},
    )
    return list(AuditEntry.objects.order_by("seq"))


def verify_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(["audit", "verify", "--data-dir", str(tmp_path)])
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def test_it_links_every_entry_to_the_one_before(trail: list[AuditEntry]) -> None:
    assert [entry.seq for entry in trail] == list(range(1, len(trail) + 1))
    assert all(later.prev_hash == earlier.hash for earlier, later in pairwise(trail))
    assert verify().intact


def test_verify_says_an_untouched_trail_is_intact(trail, tmp_path, capsys) -> None:
    status, output = verify_command(tmp_path, capsys)
    assert status == 0
    assert f"intact: {len(trail)} entries" in output


def test_verify_names_the_entry_whose_row_was_altered(trail, tmp_path, capsys) -> None:
    altered = trail[1]
    # As someone with write access to the database would: past the model's append-only save.
    AuditEntry.objects.filter(pk=altered.pk).update(detail="nothing to see")
    status, output = verify_command(tmp_path, capsys)
    assert status == 1
    assert f"entry {altered.seq} (row id {altered.pk})" in output
    assert "content does not match its hash" in output


def test_verify_catches_a_row_altered_with_raw_sql(trail, tmp_path, capsys) -> None:
    altered = trail[0]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditentry SET actor_email = %s WHERE id = %s",
            ["someone.else@example.com", altered.pk],
        )
    status, output = verify_command(tmp_path, capsys)
    assert status == 1
    assert f"entry {altered.seq} (row id {altered.pk})" in output


def test_verify_catches_a_removed_entry(trail, tmp_path, capsys) -> None:
    removed = trail[1]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [removed.pk])
    status, output = verify_command(tmp_path, capsys)
    assert status == 1
    assert f"entry {removed.seq} is missing" in output


def test_verify_catches_a_rehashed_entry_by_the_next_ones_link(trail) -> None:
    from knotwork.audit.chain import entry_hash

    altered = AuditEntry.objects.get(pk=trail[0].pk)
    altered.detail = "rewritten"
    # Even with the entry's own hash recomputed, the next entry still links to the old one.
    AuditEntry.objects.filter(pk=altered.pk).update(
        detail="rewritten", hash=entry_hash(altered, altered.prev_hash)
    )
    verdict = verify()
    assert verdict.first_break is not None and verdict.first_break.seq == trail[1].seq


def test_verify_catches_removed_entries_at_the_end(trail) -> None:
    AuditEntry.objects.filter(pk=trail[-1].pk)._raw_delete(using="default")
    verdict = verify()
    assert verdict.first_break is not None
    assert "removed" in verdict.first_break.reason
    assert AuditChainHead.objects.get().seq == len(trail)


def test_each_entry_keeps_the_actor_as_they_were(personas: Personas, trail) -> None:
    personas.therapist_a.email = "renamed@example.com"
    personas.therapist_a.display_name = "Renamed"
    personas.therapist_a.save()
    first = AuditEntry.objects.get(pk=trail[0].pk)
    assert (first.actor_email, first.actor_name) == ("therapist.a@example.com", "therapist.a")
    assert verify().intact


def test_a_user_with_entries_is_never_deleted(personas: Personas, trail) -> None:
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        personas.therapist_a.delete()
    assert AuditEntry.objects.filter(actor=personas.therapist_a).count() == len(trail)


def test_the_admin_refuses_to_delete_a_user_with_entries(
    personas: Personas, trail, operator_client: Client
) -> None:
    from knotwork.accounts.models import User

    client = operator_client
    url = f"/admin/accounts/user/{personas.therapist_a.pk}/delete/"
    page = client.get(url).content.decode()
    assert "Cannot delete user" in page
    client.post(url, {"post": "yes"})
    assert User.objects.filter(pk=personas.therapist_a.pk).exists()
