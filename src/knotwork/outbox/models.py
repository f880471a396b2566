"""A mail owed to its recipients until the mail backend accepted it.

The row is written in the transaction of the event it tells about (an invitation, an emergency
answer, an aftercare alert), so the event and the mail it owes are stored together or not at all.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class OutboundMail(models.Model):
    """One message; `sent_at` is set only once the mail backend accepted it.

    A sender leases the row (`claimed_at`) before handing the message over, so two senders never
    send it at once, and one that died is replaced after KNOTWORK_TASK_TIMEOUT
    (`services.deliver`)."""

    # What the mail tells about, in a word ("invitation", "emergency", ...), for operators.
    about = models.CharField(max_length=40)
    subject = models.TextField()
    body = models.TextField()
    to = models.JSONField()
    reply_to = models.JSONField(default=list, blank=True)
    # A file of the default storage (a report's PDF), read when the mail is sent.
    attachment = models.CharField(max_length=255, blank=True)
    attachment_name = models.CharField(max_length=255, blank=True)
    attachment_type = models.CharField(max_length=100, blank=True)
    # The body carries a one-time link: emptied once sent, so the database keeps no usable link.
    forget_body = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    # Past it the mail is no longer worth sending (the link it carries has expired).
    expires_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(
        null=True, blank=True, db_index=True, help_text="The mail backend accepted it."
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "outgoing mail"
        verbose_name_plural = "outgoing mail"

    def __str__(self) -> str:
        state = "sent" if self.sent_at else "owed"
        return f"{self.about} mail to {', '.join(self.to)} ({state})"
