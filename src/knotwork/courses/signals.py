"""Signals the courses app sends, for the higher apps that make something of a session's record.

Each is sent inside the transaction that changes the record, so a receiver that queues work
does it with `transaction.on_commit` (nothing is made for a change that is rolled back):

- `session_signed(session=..., actor=...)`: a session's record was signed;
- `session_amended(session=..., amendment=..., actor=...)`: a signed record was amended
  (`amendment.changed_fields` says what changed).

The reports app makes the patient's home-care handout on both. The courses app cannot import it
(it is above), so it plugs in here instead.
"""

from __future__ import annotations

from django.dispatch import Signal

session_signed = Signal()
session_amended = Signal()
