"""The audit trail is tamper-evident: each entry hashes its content and the previous entry's
hash with a key kept outside the database, and `knotwork audit verify` names the first entry
that does not match."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client, override_settings

from knotwork.audit.chain import GENESIS, entry_hash, head_mac, verify
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
    altered = AuditEntry.objects.get(pk=trail[0].pk)
    altered.detail = "rewritten"
    # Even with the entry's own hash recomputed (with the key), the next entry still links to
    # the old one.
    AuditEntry.objects.filter(pk=altered.pk).update(
        detail="rewritten", hash=entry_hash(altered, altered.prev_hash, keyed=True)
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


def recompute(*, keyed: bool, secret: str | None = None, detail: str = "") -> None:
    """What someone who can write the database does: alter the first entry, then recompute
    every hash after it and the head, as the application would, but without the real key."""
    prev = GENESIS
    for entry in AuditEntry.objects.order_by("seq"):
        if entry.seq == 1 and detail:
            entry.detail = detail
        entry.prev_hash = prev
        entry.hash = entry_hash(entry, prev, keyed=keyed, secret=secret)
        AuditEntry.objects.filter(pk=entry.pk).update(
            detail=entry.detail, prev_hash=entry.prev_hash, hash=entry.hash
        )
        prev = entry.hash
    head = AuditChainHead.objects.get()
    keyed_from = 1 if keyed else head.seq + 1
    AuditChainHead.objects.update(
        hash=prev, keyed_from=keyed_from, mac=head_mac(head.seq, prev, keyed_from, secret=secret)
    )


def test_a_chain_recomputed_with_a_guessed_key_is_caught(trail, tmp_path, capsys) -> None:
    recompute(keyed=True, secret="not-the-secret-key", detail="nothing to see")
    status, output = verify_command(tmp_path, capsys)
    assert status == 1
    assert "head does not carry the key's signature" in output


def test_a_chain_recomputed_as_plain_hashes_is_caught(trail) -> None:
    # Rewritten as if it had all been written before the chain was keyed.
    recompute(keyed=False, secret="not-the-secret-key", detail="nothing to see")
    verdict = verify()
    assert verdict.first_break is not None and "signature" in verdict.first_break.reason


def test_entries_recomputed_without_the_key_under_the_real_head_are_caught(trail) -> None:
    head = AuditChainHead.objects.get()
    recompute(keyed=True, secret="not-the-secret-key", detail="nothing to see")
    # Even if the head were left as it was, the first entry no longer matches its keyed hash.
    AuditChainHead.objects.update(hash=head.hash, keyed_from=head.keyed_from, mac=head.mac)
    verdict = verify()
    assert verdict.first_break is not None and verdict.first_break.seq == 1
    assert "keyed" in verdict.first_break.reason


def test_a_trail_written_before_the_chain_was_keyed_stays_verifiable(
    personas: Personas, trail: list[AuditEntry]
) -> None:
    # As migration 0005 finds a trail of plain hashes: the keyed part starts after it.
    recompute(keyed=False)
    head = AuditChainHead.objects.get()
    keyed_from = head.seq + 1
    AuditChainHead.objects.update(
        keyed_from=keyed_from, mac=head_mac(head.seq, head.hash, keyed_from)
    )
    client = Client()
    client.force_login(personas.therapist_a)
    client.get(f"/patients/{personas.patient.pk}/")
    assert verify().intact and verify().checked > len(trail)

    # Rewriting the plain part breaks the link of the first keyed entry.
    plain = AuditEntry.objects.get(seq=1)
    plain.detail = "rewritten"
    prev = GENESIS
    for entry in AuditEntry.objects.filter(seq__lt=keyed_from).order_by("seq"):
        entry.detail = plain.detail if entry.seq == 1 else entry.detail
        entry.prev_hash, entry.hash = prev, entry_hash(entry, prev)
        AuditEntry.objects.filter(pk=entry.pk).update(
            detail=entry.detail, prev_hash=entry.prev_hash, hash=entry.hash
        )
        prev = entry.hash
    verdict = verify()
    assert verdict.first_break is not None and verdict.first_break.seq == keyed_from


def test_another_secret_key_cannot_verify_the_trail_but_a_rotated_one_can(trail) -> None:
    with override_settings(SECRET_KEY="a-new-secret-key-of-enough-length-0123456789"):
        assert not verify().intact
    with override_settings(
        SECRET_KEY="a-new-secret-key-of-enough-length-0123456789",
        SECRET_KEY_FALLBACKS=[settings.SECRET_KEY],
    ):
        assert verify().intact
