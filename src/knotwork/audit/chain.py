"""The audit trail's hash chain: linking a new entry to the last one, and checking the chain.

An entry's hash covers the previous entry's hash and a canonical JSON of the entry's content
(every stored field but its row id and its own hash). Changing any field of any entry, removing
an entry or inserting one breaks the chain at that entry or the one after it.

The chain is keyed: a hash is an HMAC-SHA256 with a key derived from the secret key, which is
kept outside the database (the data directory's `secret_key` file, 0600, which `knotwork backup`
copies, or KNOTWORK_SECRET_KEY). Someone who can write the database but not read that key can
alter a row and recompute every later hash, yet not the keyed ones: verify catches it. The head
row is keyed too (`mac`), so its count, its last hash and where the keyed part begins cannot be
rewritten either. Entries written before the chain was keyed (seq below the head's
`keyed_from`) keep their plain SHA-256 and are checked as such: a trail kept before the upgrade
stays verifiable, and the first keyed entry links to the last plain one, so rewriting the plain
part breaks the keyed link.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.crypto import salted_hmac

from knotwork.audit.models import AuditChainHead, AuditEntry

GENESIS = "0" * 64
HEAD_PK = 1
# Salts of the keys derived from the secret key: the chain's keys serve nothing else.
ENTRY_SALT = "knotwork.audit.chain.entry"
HEAD_SALT = "knotwork.audit.chain.head"

# The fields the hash covers, in a fixed order (adding one is a new chain version).
CONTENT_FIELDS = (
    "seq",
    "at",
    "clinic_id",
    "actor_id",
    "actor_name",
    "actor_email",
    "patient_id",
    "patient_name",
    "action",
    "subject",
    "subject_id",
    "detail",
    "changes",
    "patients",
    "ip_address",
)


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    return value


def entry_hash(
    entry: AuditEntry, prev_hash: str, *, keyed: bool = False, secret: str | None = None
) -> str:
    """The entry's hash: plain SHA-256 (entries before the chain was keyed) or, `keyed`, the
    HMAC-SHA256 with the key derived from `secret` (the secret key by default)."""
    content = {name: _canonical(getattr(entry, name)) for name in CONTENT_FIELDS}
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    message = f"{prev_hash}\n{text}"
    if not keyed:
        return hashlib.sha256(message.encode()).hexdigest()
    return salted_hmac(ENTRY_SALT, message, secret=secret, algorithm="sha256").hexdigest()


def head_mac(seq: int, last_hash: str, keyed_from: int, *, secret: str | None = None) -> str:
    """The head row's own HMAC over what it says: how many entries, the last one's hash, and
    from which entry on the chain is keyed."""
    message = f"{seq}\n{last_hash}\n{keyed_from}"
    return salted_hmac(HEAD_SALT, message, secret=secret, algorithm="sha256").hexdigest()


def _secrets() -> list[str]:
    """The secret key, then the earlier ones an operator keeps while rotating it (Django's
    SECRET_KEY_FALLBACKS): a chain written with an earlier key still verifies."""
    return [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]


def _matches(stored: str, compute: Callable[[str], str]) -> bool:
    return any(hmac.compare_digest(stored, compute(secret)) for secret in _secrets())


def normalised_address(address: str | None) -> str | None:
    """The address as every database gives it back (PostgreSQL's inet compresses IPv6)."""
    if address is None:
        return None
    try:
        return ipaddress.ip_address(address).compressed
    except ValueError:  # not an address (a Unix socket's peer): none is kept
        return None


def append(entry: AuditEntry) -> AuditEntry:
    """Give the unsaved `entry` the next place in the chain and save it. Inside the caller's
    transaction: the head row stays locked until it commits, so concurrent writers queue."""
    if not transaction.get_connection().in_atomic_block:
        with transaction.atomic():
            return append(entry)
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=HEAD_PK)
    entry.seq = head.seq + 1
    entry.prev_hash = head.hash
    # Microseconds are what both databases keep, so the hash is over the stored value.
    entry.ip_address = normalised_address(entry.ip_address)
    entry.hash = entry_hash(entry, entry.prev_hash, keyed=entry.seq >= head.keyed_from)
    entry.save()
    head.seq, head.hash = entry.seq, entry.hash
    head.mac = head_mac(head.seq, head.hash, head.keyed_from)
    head.save(update_fields=["seq", "hash", "mac"])
    return entry


@dataclass(frozen=True)
class Break:
    """The first entry that does not match the chain, and how."""

    seq: int
    entry_id: int | None
    reason: str

    def __str__(self) -> str:
        where = f"entry {self.seq}" + (f" (row id {self.entry_id})" if self.entry_id else "")
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class Verdict:
    checked: int
    first_break: Break | None

    @property
    def intact(self) -> bool:
        return self.first_break is None


def _in_order() -> Iterator[AuditEntry]:
    return AuditEntry.objects.order_by("seq").iterator(chunk_size=2000)


def verify() -> Verdict:
    """Walk the chain from its first entry: each must follow the one before (no gaps), link to
    its hash and hash to what it stores (keyed from the head's `keyed_from` on); the head must
    carry its key's signature and name the last entry."""
    head = AuditChainHead.objects.filter(pk=HEAD_PK).first()
    head_seq, head_hash, keyed_from = (
        (head.seq, head.hash, head.keyed_from) if head else (0, GENESIS, 1)
    )
    if head is not None and not _matches(
        head.mac, lambda secret: head_mac(head_seq, head_hash, keyed_from, secret=secret)
    ):
        reason = (
            "the chain's head does not carry the key's signature: it was altered (or rewritten "
            "with the chain), or this is not the secret key the trail was written with"
        )
        return Verdict(0, Break(head_seq, None, reason))
    prev_hash, expected_seq, checked = GENESIS, 1, 0
    for entry in _in_order():
        problem = _check(entry, expected_seq, prev_hash, keyed=expected_seq >= keyed_from)
        if problem:
            return Verdict(checked, Break(expected_seq, entry.pk, problem))
        prev_hash, expected_seq, checked = entry.hash, expected_seq + 1, checked + 1
    if (head_seq, head_hash) != (checked, prev_hash):
        reason = (
            f"the chain's head names entry {head_seq}, but the last entry is {checked}: "
            "entries after it were removed or the head was altered"
        )
        return Verdict(checked, Break(head_seq, None, reason))
    return Verdict(checked, None)


def _check(entry: AuditEntry, expected_seq: int, prev_hash: str, *, keyed: bool) -> str:
    if entry.seq != expected_seq:
        return f"entry {expected_seq} is missing (the next stored entry is {entry.seq})"
    if entry.prev_hash != prev_hash:
        return "it does not link to the previous entry's hash (an entry was removed or altered)"
    if not keyed:
        if entry_hash(entry, prev_hash) != entry.hash:
            return "its content does not match its hash (the row was altered)"
        return ""
    if not _matches(
        entry.hash, lambda secret: entry_hash(entry, prev_hash, keyed=True, secret=secret)
    ):
        return (
            "its content does not match its hash (the row was altered; the hash is keyed, so "
            "it cannot be recomputed without the secret key)"
        )
    return ""
