"""What the reports app does on the courses app's signals: a signed session, or an amendment
that changes what its handout shows, queues the home-care handout for the worker (on commit,
so a rolled-back change makes nothing)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from knotwork.accounts.models import User
from knotwork.courses.models import SessionAmendment, TreatmentSession
from knotwork.reports.handouts import changes_handout
from knotwork.reports.tasks import make_handout


def _queue(session: TreatmentSession, why: str, actor: User | None) -> None:
    session_id, actor_id = session.pk, actor.pk if actor is not None else None
    transaction.on_commit(lambda: make_handout.enqueue(session_id, why, actor_id))


def handout_on_signing(
    sender: Any, session: TreatmentSession, actor: User | None = None, **kwargs: Any
) -> None:
    _queue(session, "when the session was signed", actor)


def handout_on_amendment(
    sender: Any,
    session: TreatmentSession,
    amendment: SessionAmendment,
    actor: User | None = None,
    **kwargs: Any,
) -> None:
    if changes_handout(amendment):
        _queue(session, "after an amendment changed the points treated or the home care", actor)
