"""Aftercare check-ins: nudge (idempotent), answer, assess and alert (reference E.2).

`services.session.schedule_check_in` creates the check-in when a session is recorded and queues
the nudge tasks (`tasks.py`), which call `process_check_in` here; this module imports neither.

State lives in our rows (`CheckIn`, `CheckInNudge`, `CheckInReply`); tasks carry only an id and
ask `due_nudge` what is owed now. A nudge row is written in the same transaction that decides it
is due, and a unique (check-in, kind) constraint refuses a second one, so repeated tasks, a sweep
and a restarted worker never put the same question twice. The row owes its mail until the mail
backend accepts it (`deliver_mail`): the sender leases the row, hands the mail over, then marks
it `emailed`. A sender that dies before handing it over leaves the mail owed, and the sweep sends
it once the lease (KNOTWORK_TASK_TIMEOUT) is over: never none. One that dies after the backend
accepted it but before marking it makes the sweep send it again: at most one duplicate.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from knotwork.audit.models import AuditAction
from knotwork.audit.services import record
from knotwork.common.errors import Conflict, Refusal
from knotwork.common.links import absolute_url
from knotwork.common.worker import task_timeout
from knotwork.courses.models import (
    CheckIn,
    CheckInNudge,
    CheckInReply,
    CheckInStatus,
)
from knotwork.domain import safety
from knotwork.domain.protocol import (
    AftercareSymptom,
    NudgeKind,
    assess_soreness,
    due_nudge,
    what_to_expect,
)
from knotwork.intake.models.safety import AlertKind
from knotwork.intake.services.safety import (
    policy_for,
    raise_clinic_alert,
    record_check_in_screen,
)
from knotwork.outbox.services import queue_mail

if TYPE_CHECKING:
    from knotwork.accounts.models import User
    from knotwork.patients.models import Patient

logger = logging.getLogger(__name__)

SYMPTOMS = {symptom.value: symptom.value.replace("_", " ") for symptom in AftercareSymptom}


class CheckInError(Refusal):
    """A check-in answer the rules refuse (422, naming the field); the message says why."""


class CheckInNotOpen(CheckInError, Conflict):
    """The check-in is not open now (409): it opens 24 h after the session, closes at 72 h."""


def opens_text(check_in: CheckIn) -> str:
    """When a check-in opens, in the clinic's time, for the patient."""
    moment = timezone.localtime(check_in.ask_at)
    return f"{moment:%a} {moment.day} {moment:%b} at {moment:%H:%M}"


def process_check_in(check_in_id: int, *, now: datetime) -> str | None:
    """Send whatever nudge is owed at `now` (at most one), close the window when it is over.

    Returns the kind of nudge sent, or None. Safe to call any number of times.
    """
    with transaction.atomic():
        check_in = (
            CheckIn.objects.select_for_update()
            .select_related("session__course__patient", "session__course__therapist")
            .filter(pk=check_in_id, finished_at=None)
            .first()
        )
        if check_in is None:
            return None
        sent = [nudge.sent_at for nudge in check_in.nudges.all()]
        nudge = due_nudge(
            check_in.window(),
            sent=sent,
            answers=check_in.domain_answers(),
            pre_session_pain=check_in.pre_session_pain,
            now=now,
        )
        claimed = _claim(check_in, nudge.kind, nudge.due_at, now) if nudge else None
        kind = claimed.kind if claimed is not None else None
        new_alerts: list[str] = []
        if now >= check_in.closes_at:
            new_alerts = _assess(check_in, now)
            check_in.finished_at = now
            if check_in.status != CheckInStatus.ANSWERED:
                check_in.status = CheckInStatus.CLOSED
                _alert_clinic(
                    check_in,
                    AlertKind.CHECK_IN_UNANSWERED,
                    "the check-in was not answered within 72 h. Contact the patient.",
                )
        check_in.save()
        if new_alerts:
            _alert_clinic(check_in, AlertKind.CHECK_IN, " ".join(new_alerts))
            _mail_therapist(check_in, new_alerts)
    # Every mail this check-in still owes, not only the one just claimed: a task retried after
    # its worker died between writing the nudge row and the hand-over finds nothing new to
    # claim, and its mail would otherwise wait for the next sweep (up to SWEEP_EVERY).
    for owed in owed_mails(now).filter(check_in_id=check_in_id).values_list("pk", flat=True):
        deliver_mail(owed, now=now)
    return kind


def _claim(
    check_in: CheckIn, kind: NudgeKind, due_at: datetime, now: datetime
) -> CheckInNudge | None:
    """Write the nudge row (its mail owed, not yet emailed); a second row of the same kind is
    refused by the database."""
    try:
        with transaction.atomic():
            nudge = CheckInNudge.objects.create(
                check_in=check_in,
                kind=kind.value,
                due_at=due_at,
                sent_at=now,
                mail_to=check_in.patient.email,
            )
    except IntegrityError:
        return None
    check_in.attempts += 1
    check_in.status = CheckInStatus.ASKED if kind is NudgeKind.ASK else CheckInStatus.REMINDED
    return nudge


def owed_mails(now: datetime) -> QuerySet[CheckInNudge]:
    """Nudges whose mail the backend has not accepted and nobody is sending (no lease, or one
    older than KNOTWORK_TASK_TIMEOUT: its sender died)."""
    lease_over = now - task_timeout()
    return (
        CheckInNudge.objects.filter(emailed=False)
        .exclude(mail_to="")
        .filter(Q(mail_claimed_at=None) | Q(mail_claimed_at__lt=lease_over))
    )


def deliver_mail(nudge_id: int, *, now: datetime) -> bool:
    """Send a nudge's owed mail once: lease the row (a committed update that only one sender
    wins), hand the mail to the backend, then mark it emailed. True when it was accepted."""
    if (
        not owed_mails(now)
        .filter(pk=nudge_id)
        .update(mail_claimed_at=now, mail_attempts=F("mail_attempts") + 1)
    ):
        return False
    nudge = CheckInNudge.objects.select_related("check_in__session__course__patient").get(
        pk=nudge_id
    )
    if not _mail_patient(nudge.check_in, nudge.kind, nudge.mail_to):
        # Not accepted: the lease ends now, so the next sweep tries again.
        CheckInNudge.objects.filter(pk=nudge_id).update(mail_claimed_at=None)
        return False
    CheckInNudge.objects.filter(pk=nudge_id).update(emailed=True, emailed_at=timezone.now())
    return True


def _assess(check_in: CheckIn, now: datetime) -> list[str]:
    """Apply the soreness rules; return the alert reasons not raised before."""
    assessment = assess_soreness(
        check_in.window(), check_in.domain_answers(), check_in.pre_session_pain, now
    )
    check_in.ease_next_session = assessment.ease_next_session
    new = [reason for reason in assessment.reasons if reason not in check_in.alert_reasons]
    if new:
        check_in.alert_reasons = [*check_in.alert_reasons, *new]
        check_in.alerted_at = check_in.alerted_at or now
    return new


def answer_check_in(
    *,
    actor: User | None,
    check_in: CheckIn,
    soreness: int,
    pain: int,
    symptoms: Iterable[str] = (),
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> CheckInReply:
    """Store the patient's soreness and pain (each 0-10); alert the therapist when the rules say."""
    now = now or timezone.now()
    chosen = sorted(set(symptoms))
    unknown = set(chosen) - set(SYMPTOMS)
    if unknown:
        raise CheckInError(f"Unknown symptom: {', '.join(sorted(unknown))}.", field="symptoms")
    for name, value in (("soreness", soreness), ("pain", pain)):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
            raise CheckInError(
                f"{name.capitalize()} must be a whole number from 0 to 10.", field=name
            )
    with transaction.atomic():
        check_in = CheckIn.objects.select_for_update().get(pk=check_in.pk)
        # Opens at 24 h (the plan's ask time): soreness needs that long to show itself (E.2).
        if now < check_in.ask_at:
            raise CheckInNotOpen(
                f"This check-in opens on {opens_text(check_in)}, a day after your session. "
                "If something worries you before then, contact your clinic."
            )
        if now >= check_in.closes_at or check_in.finished_at:
            raise CheckInNotOpen(
                "This check-in has closed. Tell your clinic if something worries you."
            )
        reply = CheckInReply.objects.create(
            check_in=check_in, answered_at=now, soreness=soreness, pain=pain, symptoms=chosen
        )
        check_in.status = CheckInStatus.ANSWERED
        new_alerts = _assess(check_in, now)
        check_in.save()
        if new_alerts:
            _alert_clinic(check_in, AlertKind.CHECK_IN, " ".join(new_alerts))
            _mail_therapist(check_in, new_alerts)
        # A red flag after a session closes the gate as the same answer before one would.
        record_check_in_screen(
            actor=actor,
            patient=check_in.patient,
            symptoms=chosen,
            on=timezone.localdate(now),
            request=request,
        )
        record(
            actor=actor,
            patient=check_in.patient,
            action=AuditAction.CREATE,
            subject="check_in_answer",
            subject_id=reply.pk,
            detail=f"soreness {soreness}, pain {pain}"
            + (f", {', '.join(chosen)}" if chosen else ""),
            request=request,
        )
    return reply


def _alert_clinic(check_in: CheckIn, kind: AlertKind, what: str) -> None:
    """An alert on the dashboard, resolved on the course page (marked seen there or on it)."""
    session = check_in.session
    patient = session.course.patient
    raise_clinic_alert(
        patient=patient,
        kind=kind,
        message=f"{patient.full_name}, after session {session.number}: {what}"[:500],
        link=reverse("course_detail", kwargs={"course_id": session.course_id}),
    )


def sweep(*, now: datetime) -> int:
    """Process every unfinished check-in whose first question is due; return how many sent."""
    sent = 0
    due = CheckIn.objects.filter(finished_at=None, ask_at__lte=now).values_list("pk", flat=True)
    for check_in_id in list(due):
        if process_check_in(check_in_id, now=now):
            sent += 1
    # Mails a dead sender left owed (or the backend refused before) go out now.
    owed = owed_mails(now).filter(check_in__finished_at=None)  # a closed check-in asks no more
    for nudge_id in list(owed.values_list("pk", flat=True)):
        deliver_mail(nudge_id, now=now)
    return sent


def _mail_patient(check_in: CheckIn, kind: str, address: str) -> bool:
    """Hand the nudge's mail to the backend; True once it accepted it."""
    patient = check_in.patient
    first = "How are you feeling after your session?"
    subject = first if kind == NudgeKind.ASK else "A quick question about your last session"
    body = (
        f"Hello {patient.given_name},\n\n{first} Please rate your soreness and your pain "
        "from 0 to 10 on your page in Knotwork:\n"
        f"{absolute_url('my_record')}\n\nIf you notice new numbness, weakness, swelling of a limb "
        "or fever, contact your clinic or a doctor.\n"
    )
    try:
        send_mail(subject, body, None, [address])
    except Exception:
        # The question waits on the page meanwhile; the mail stays owed for the next sweep.
        logger.exception("check-in mail to patient %s failed", patient.pk)
        return False
    return True


def _mail_therapist(check_in: CheckIn, reasons: list[str]) -> None:
    """The therapist's alert mail, owed in the alert's transaction (the outbox sends it)."""
    course = check_in.session.course
    body = (
        "An aftercare check-in needs your attention:\n- "
        + "\n- ".join(reasons)
        + f"\n\nOpen the course: {absolute_url('course_detail', course_id=course.pk)}\n"
    )
    queue_mail(
        about="aftercare alert",
        subject="Knotwork: aftercare alert",
        body=body,
        to=[course.therapist.email],
    )


def expectations(check_in: CheckIn) -> list[str]:
    """What the patient may expect after this check-in's session, in plain words (reference E.2)."""
    course = check_in.session.course
    return [
        item.text
        for item in what_to_expect(
            relief_shortest_days=course.relief_shortest_days,
            relief_longest_days=course.relief_longest_days,
        )
    ]


def mail_what_to_expect(check_in: CheckIn) -> None:
    """After a session: what to expect, when the check-in opens, when to contact the clinic.

    Owed in the caller's transaction (the session's record); the outbox sends it."""
    patient = check_in.patient
    lines = "\n".join(f"- {text}" for text in expectations(check_in))
    body = (
        f"Hello {patient.given_name},\n\nThank you for coming to session "
        f"{check_in.session.number}. What to expect now:\n{lines}\n\n"
        f"From {opens_text(check_in)} you can tell your therapist how you feel (soreness and "
        f"pain, 0 to 10) on your page in Knotwork:\n{absolute_url('my_record')}\n"
    )
    queue_mail(
        about="what to expect",
        subject="After your session: what to expect",
        body=body,
        to=[patient.email],
    )


def red_flag_message(patient: Patient, symptoms: list[str]) -> str:
    """What the patient is told about red flags ticked in a check-in, as at the pre-session screen.

    Emergency: the stop message (the clinic was alerted); urgent: a doctor first. "" otherwise.
    """
    answers = safety.check_in_answers(symptoms)
    if not answers:
        return ""
    outcome = safety.screen_check_in(answers, on=timezone.localdate())
    if outcome.urgency in (None, "caution"):
        return ""
    return outcome.patient_message(policy_for(patient.clinic).routine_clearance)
