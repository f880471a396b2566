"""The patient's home-care handout of a session: made when the session is signed, made again
(a new version) when an amendment changes what it shows, stored, and served from storage.

`tasks.make_handout` makes it in the background, queued on commit by `receivers` when the
courses app signals a signature or an amendment; the download serves the stored version.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from knotwork.reports.making import make_and_audit
from knotwork.reports.models import Report, ReportKind, ReportStatus

if TYPE_CHECKING:
    from knotwork.accounts.models import User
    from knotwork.courses.models import SessionAmendment, TreatmentSession

# The parts of a session's record a handout shows (courses' amendment field names): an
# amendment that changes one of them makes a new version; one that changes the pain scores
# or the notes leaves the handout as it is.
SHOWN = frozenset({"points", "home_care"})


def changes_handout(amendment: SessionAmendment) -> bool:
    return bool(SHOWN & set(amendment.changed_fields))


def handout_version(session: TreatmentSession) -> int:
    """1 for the signed record, one more for each amendment that changed what it shows."""
    amendments = session.amendments.only("before", "after")
    return 1 + sum(1 for amendment in amendments if changes_handout(amendment))


def current_handout(session: TreatmentSession) -> Report | None:
    """The stored handout of the session's record as it stands, if it was made."""
    if not session.is_signed:
        return None
    found = Report.objects.filter(
        session=session,
        kind=ReportKind.HOME_CARE,
        status=ReportStatus.DONE,
        version=handout_version(session),
    ).exclude(file="")
    return found.order_by("-created_at", "-id").first()


@transaction.atomic
def store_handout(
    *,
    session: TreatmentSession,
    actor: User | None,
    via: str,
    request: HttpRequest | None = None,
) -> Report:
    """The current version of the session's handout: the stored one, or made, stored and
    audited now (idempotent: a second call, or a task queued twice, makes nothing more)."""
    # One maker at a time per session: the row lock keeps two workers from both making it.
    type(session).objects.select_for_update().filter(pk=session.pk).first()
    found = current_handout(session)
    if found is not None:
        return found
    version = handout_version(session)
    title = f"Home care after session {session.number}"
    if version > 1:
        title += f" (updated {timezone.localdate():%-d %b %Y})"
    report = Report(
        patient=session.course.patient,
        kind=ReportKind.HOME_CARE,
        title=title,
        session=session,
        version=version,
        created_by=actor,
    )
    return make_and_audit(
        report,
        actor=actor,
        detail=lambda made: f"made {made.title} (version {version}, {made.pages} pages), {via}",
        request=request,
    )
