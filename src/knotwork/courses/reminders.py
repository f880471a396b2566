"""The reminder mail to the patient the day before a booked session.

Booking a session queues one task at the reminder's moment (`services.booking.reminder_moment`);
the task sends one mail per booked time, and nothing for a session moved or cancelled since, or
for one more than a day ahead (a rebooking queued its own reminder). `reminded_for` is set only
once the mail backend accepted the mail: a worker killed before that leaves it unset, and its
task, queued again after KNOTWORK_TASK_TIMEOUT (`knotwork.common.worker`), sends it then; one
killed between the backend's answer and the update sends it twice at most, never not at all.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from knotwork.common.links import absolute_url
from knotwork.courses.models import SessionStatus, TreatmentSession

logger = logging.getLogger(__name__)


def send_reminder(session_id: int, *, now: datetime) -> bool:
    """Mail the patient about tomorrow's booked session once; True when a mail went out."""
    with transaction.atomic():
        session = (
            # Only the session's row: PostgreSQL cannot lock the nullable side of the join to
            # the therapist it is booked with.
            TreatmentSession.objects.select_for_update(of=("self",))
            .select_related("course__patient__clinic", "booked_with")
            .filter(pk=session_id)
            .first()
        )
        if session is None or session.status != SessionStatus.BOOKED or session.starts_at is None:
            return False
        if session.reminded_for == session.starts_at or session.starts_at <= now:
            return False
        if timezone.localdate(session.starts_at) - timezone.localdate(now) > timedelta(days=1):
            return False
        patient = session.course.patient
        if not patient.email:
            return False
        starts_at = session.starts_at
    start = timezone.localtime(session.starts_at)
    with_whom = f" with {session.booked_with}" if session.booked_with else ""
    body = (
        f"Hello {patient.given_name},\n\nA reminder of your session at {patient.clinic.name}"
        f"{with_whom} on {start:%A %d %B} at {start:%H:%M}.\n\n"
        "If you cannot come, please tell the clinic. Your page in Knotwork:\n"
        f"{absolute_url('my_record')}\n"
    )
    try:
        send_mail(
            f"Reminder: your session on {start:%a %d %b} at {start:%H:%M}",
            body,
            None,
            [patient.email],
        )
    except Exception:
        logger.exception("reminder mail for session %s failed", session.pk)
        return False
    TreatmentSession.objects.filter(pk=session.pk).update(reminded_for=starts_at)
    return True
