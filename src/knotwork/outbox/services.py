"""Queue a notification mail with its event; send it once the event is stored; resend what a
crash or a refusing mail server left owed.

`queue_mail` writes the row inside the caller's transaction and, once that commits, `deliver`
sends it from the same process: it leases the row (a committed update only one sender wins),
hands the message to the mail backend, then marks it sent. A process that dies before the
hand-over leaves the mail owed, and the periodic sweep (`deliver_owed`, run by the worker) sends
it once the lease (KNOTWORK_TASK_TIMEOUT) is over: never none. One that dies after the backend
accepted it but before marking it makes the sweep send it again: at most one duplicate.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.core.files.storage import default_storage
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from knotwork.common.worker import task_timeout
from knotwork.outbox.models import OutboundMail

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Attachment:
    """A stored file (default storage) attached under `name` when the mail is sent."""

    path: str
    name: str
    mimetype: str


def queue_mail(
    *,
    about: str,
    subject: str,
    body: str,
    to: Iterable[str],
    reply_to: Iterable[str] = (),
    attachment: Attachment | None = None,
    forget_body: bool = False,
    expires_at: datetime | None = None,
) -> OutboundMail | None:
    """Owe a mail, in the caller's transaction; it is sent once that transaction committed.

    None when there is nobody to send it to. `forget_body` for a body with a one-time link (it
    is emptied once sent); `expires_at` when the mail is worth nothing after it."""
    recipients = [address for address in to if address]
    if not recipients:
        return None
    mail = OutboundMail.objects.create(
        about=about,
        subject=subject,
        body=body,
        to=recipients,
        reply_to=[address for address in reply_to if address],
        attachment=attachment.path if attachment else "",
        attachment_name=attachment.name if attachment else "",
        attachment_type=attachment.mimetype if attachment else "",
        forget_body=forget_body,
        expires_at=expires_at,
    )
    transaction.on_commit(lambda: deliver(mail.pk))
    return mail


def owed(now: datetime) -> QuerySet[OutboundMail]:
    """Mails the backend has not accepted, still worth sending, that nobody is sending (no
    lease, or one older than KNOTWORK_TASK_TIMEOUT: its sender died)."""
    lease_over = now - task_timeout()
    return (
        OutboundMail.objects.filter(sent_at=None)
        .filter(Q(expires_at=None) | Q(expires_at__gt=now))
        .filter(Q(claimed_at=None) | Q(claimed_at__lt=lease_over))
    )


def deliver(mail_id: int, *, now: datetime | None = None) -> bool:
    """Send one owed mail: lease it, hand it to the backend, mark it sent. True when accepted;
    False when it was not owed (sent, expired, or another sender holds it) or was refused."""
    now = now or timezone.now()
    leased = owed(now).filter(pk=mail_id).update(claimed_at=now, attempts=F("attempts") + 1)
    if not leased:
        return False
    mail = OutboundMail.objects.get(pk=mail_id)
    try:
        _message(mail).send()
    except Exception:
        # Not accepted (the server is down, the file is missing): the lease ends now, so the
        # next sweep tries again.
        logger.exception(
            "%s mail %s was not accepted; the sweep sends it again", mail.about, mail.pk
        )
        OutboundMail.objects.filter(pk=mail_id).update(claimed_at=None)
        return False
    sent = OutboundMail.objects.filter(pk=mail_id)
    if mail.forget_body:
        sent.update(sent_at=timezone.now(), body="")
    else:
        sent.update(sent_at=timezone.now())
    return True


def deliver_owed(*, now: datetime | None = None) -> int:
    """Send every owed mail (the sweep); return how many the backend accepted."""
    now = now or timezone.now()
    ids = list(owed(now).values_list("pk", flat=True))
    return sum(deliver(mail_id, now=now) for mail_id in ids)


def _message(mail: OutboundMail) -> EmailMessage:
    message = EmailMessage(
        subject=mail.subject, body=mail.body, to=mail.to, reply_to=mail.reply_to or None
    )
    if mail.attachment:
        with default_storage.open(mail.attachment, "rb") as stored:
            data = stored.read()
        message.attach(mail.attachment_name, data, mail.attachment_type)
    return message
