"""The audit trail's hash chain: linking a new entry to the last one, and checking the chain.

An entry's hash is SHA-256 over the previous entry's hash and a canonical JSON of the entry's
content (every stored field but its row id and its own hash). Changing any field of any entry,
removing an entry or inserting one breaks the chain at that entry or the one after it.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import transaction

from knotwork.audit.models import AuditChainHead, AuditEntry

GENESIS = "0" * 64
HEAD_PK = 1

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


def entry_hash(entry: AuditEntry, prev_hash: str) -> str:
    content = {name: _canonical(getattr(entry, name)) for name in CONTENT_FIELDS}
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{prev_hash}\n{text}".encode()).hexdigest()


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
    entry.hash = entry_hash(entry, entry.prev_hash)
    entry.save()
    head.seq, head.hash = entry.seq, entry.hash
    head.save(update_fields=["seq", "hash"])
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
    its hash and hash to what it stores; the head must name the last entry."""
    prev_hash, expected_seq, checked = GENESIS, 1, 0
    for entry in _in_order():
        problem = _check(entry, expected_seq, prev_hash)
        if problem:
            return Verdict(checked, Break(expected_seq, entry.pk, problem))
        prev_hash, expected_seq, checked = entry.hash, expected_seq + 1, checked + 1
    head = AuditChainHead.objects.filter(pk=HEAD_PK).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS)
    if (head_seq, head_hash) != (checked, prev_hash):
        reason = (
            f"the chain's head names entry {head_seq}, but the last entry is {checked}: "
            "entries after it were removed or the head was altered"
        )
        return Verdict(checked, Break(head_seq, None, reason))
    return Verdict(checked, None)


def _check(entry: AuditEntry, expected_seq: int, prev_hash: str) -> str:
    if entry.seq != expected_seq:
        return f"entry {expected_seq} is missing (the next stored entry is {entry.seq})"
    if entry.prev_hash != prev_hash:
        return "it does not link to the previous entry's hash (an entry was removed or altered)"
    if entry_hash(entry, prev_hash) != entry.hash:
        return "its content does not match its hash (the row was altered)"
    return ""
