"""Background tasks (django-tasks-db): making a progress report, whose course may be long, and
the home-care handout of a session just signed or amended (`receivers` queues it on commit).

The task reads the report row the service queued and writes its progress to it as it goes (the
page polls it); a failure is stored on the row, with its reason, so the page says so.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.tasks import task

from knotwork.audit.models import AuditAction
from knotwork.audit.services import record
from knotwork.reports.handouts import store_handout
from knotwork.reports.making import Step, fill
from knotwork.reports.models import Report, ReportStatus

log = logging.getLogger(__name__)


def _progress(report_id: int) -> Step:
    def step(percent: int, words: str) -> None:
        # Its own short write, so the page sees each step while the report is being made.
        Report.objects.filter(pk=report_id).update(
            status=ReportStatus.RUNNING, progress=percent, step=words[:120]
        )

    return step


@task()
def make_report(report_id: int) -> str:
    """Make one queued report; returns its status."""
    report = (
        Report.objects.select_related("patient__clinic", "course", "session", "created_by")
        .filter(pk=report_id)
        .first()
    )
    if report is None or report.status == ReportStatus.DONE:
        return "gone" if report is None else report.status
    step = _progress(report_id)
    try:
        fill(report, step)
    except Exception as error:
        log.exception("report %s failed", report_id)
        Report.objects.filter(pk=report_id).update(
            status=ReportStatus.FAILED, error=str(error)[:500] or type(error).__name__
        )
        return ReportStatus.FAILED
    with transaction.atomic():
        report.save()
        record(
            actor=report.created_by,
            patient=report.patient,
            action=AuditAction.CREATE,
            subject=report.kind,
            subject_id=report.pk,
            detail=f"made {report.title} ({report.pages} pages) in the background",
        )
    return ReportStatus.DONE


@task()
def make_handout(session_id: int, why: str, actor_id: int | None = None) -> str:
    """Store the current version of a signed session's handout; "made", "current" or why not.

    Idempotent (a retried or duplicated task finds the version stored and makes nothing)."""
    from knotwork.accounts.models import User
    from knotwork.courses.models import TreatmentSession

    session = (
        TreatmentSession.objects.select_related("course__patient__clinic", "course__therapist")
        .filter(pk=session_id)
        .first()
    )
    if session is None or not session.is_signed:
        return "gone" if session is None else "not signed"
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    before = Report.objects.filter(session=session, kind="home_care").count()
    store_handout(session=session, actor=actor, via=why)
    made = Report.objects.filter(session=session, kind="home_care").count() > before
    return "made" if made else "current"
