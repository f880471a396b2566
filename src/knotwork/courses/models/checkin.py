"""Aftercare check-ins: our own rows hold the state (window, status, attempts); tasks only nudge."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

from knotwork.courses.models.session import TreatmentSession
from knotwork.domain.protocol import CheckInAnswer as DomainAnswer
from knotwork.domain.protocol import CheckInWindow
from knotwork.patients.models import PatientScopedQuerySet

if TYPE_CHECKING:
    from knotwork.patients.models import Patient


class CheckInQuerySet(PatientScopedQuerySet["CheckIn"]):
    patient_path = "session__course__patient"


class CheckInStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    ASKED = "asked", "Asked"
    REMINDED = "reminded", "Reminded"
    ANSWERED = "answered", "Answered"
    CLOSED = "closed", "Closed"


class CheckIn(models.Model):
    """The check-in after one session: soreness 0-10 and pain 0-10 (reference E.2, issue 6)."""

    session = models.OneToOneField(
        TreatmentSession, on_delete=models.CASCADE, related_name="check_in"
    )
    session_end = models.DateTimeField()
    ask_at = models.DateTimeField(db_index=True)
    remind_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    # Today's NPRS at the pre-session check: soreness is compared with it.
    pre_session_pain = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=CheckInStatus.choices, default="scheduled")
    attempts = models.PositiveSmallIntegerField(default=0)
    alerted_at = models.DateTimeField(null=True, blank=True)
    alert_reasons = models.JSONField(default=list, blank=True)
    ease_next_session = models.BooleanField(default=False)
    # Set when the window has closed and the final assessment was made; the sweep then skips it.
    finished_at = models.DateTimeField(null=True, blank=True, db_index=True)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        ordering = ["-ask_at"]

    def __str__(self) -> str:
        return f"Check-in after {self.session}"

    @property
    def patient(self) -> Patient:
        return self.session.course.patient

    def window(self) -> CheckInWindow:
        return CheckInWindow(self.session_end, self.ask_at, self.remind_at, self.closes_at)

    def domain_answers(self) -> list[DomainAnswer]:
        return [answer.to_domain() for answer in self.answers.all()]

    def is_open_at(self, now: datetime) -> bool:
        return self.ask_at <= now < self.closes_at


class CheckInNudge(models.Model):
    """One message sent for a check-in. Unique per kind: the database refuses a second one.

    `sent_at` is when the question was put on the patient's page; its mail to `mail_to` (none
    when blank) is `emailed` only once the mail backend accepted it. A sender leases the mail
    (`mail_claimed_at`) before handing it over, so two senders never send it at once and a
    sender that died is replaced after KNOTWORK_TASK_TIMEOUT (checkins.deliver_mail)."""

    check_in = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="nudges")
    kind = models.CharField(max_length=10)
    due_at = models.DateTimeField()
    sent_at = models.DateTimeField()
    mail_to = models.EmailField(blank=True)
    mail_claimed_at = models.DateTimeField(null=True, blank=True)
    mail_attempts = models.PositiveSmallIntegerField(default=0)
    emailed = models.BooleanField(default=False, help_text="The mail backend accepted it.")
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["check_in", "kind"], name="one_nudge_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.check_in}"


class CheckInReply(models.Model):
    """The patient's answer: soreness since the session and pain now, each 0-10."""

    check_in = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="answers")
    answered_at = models.DateTimeField()
    soreness = models.PositiveSmallIntegerField()
    pain = models.PositiveSmallIntegerField()
    symptoms = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["answered_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(soreness__lte=10, pain__lte=10), name="reply_scores_0_to_10"
            )
        ]

    def __str__(self) -> str:
        return f"soreness {self.soreness}, pain {self.pain}"

    def to_domain(self) -> DomainAnswer:
        return DomainAnswer(self.answered_at, self.soreness, self.pain, frozenset(self.symptoms))


class CalendarFeed(models.Model):
    """A secret calendar link for a therapist's or a patient's sessions; only its hash is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    patient = models.ForeignKey(
        "patients.Patient", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"
