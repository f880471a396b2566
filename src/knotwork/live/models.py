"""Stored live feedback: one `LiveSession` per use of the phone link, its events in order."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

from knotwork.domain.live import DiscomfortWindow, EventKind, LogEvent
from knotwork.patients.models import PatientScopedQuerySet

if TYPE_CHECKING:
    pass


class LiveSessionQuerySet(PatientScopedQuerySet["LiveSession"]):
    pass


class LiveSession(models.Model):
    """Live feedback during one treatment: who, which window, which plan, when it ran."""

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="live_sessions"
    )
    # The treatment session this feedback belongs to: its record then includes these traces.
    treatment_session = models.ForeignKey(
        "courses.TreatmentSession",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="live_sessions",
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True, db_index=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    # A short code the patient can type when the camera cannot read the QR code.
    short_code = models.CharField(max_length=8, db_index=True)
    # The target discomfort window (reference E.1: 5-7/10 by default), configurable per session.
    window_low = models.PositiveSmallIntegerField(default=5)
    window_high = models.PositiveSmallIntegerField(default=7)
    # Trigger-point ids in the order the therapist plans to work them (may be empty).
    plan = models.JSONField(default=list, blank=True)
    # The random id of the one phone allowed in, set when it first connects.
    phone_device = models.CharField(max_length=64, blank=True)
    # Per trigger point summaries (`summarise`), written when the session ends.
    summary = models.JSONField(default=list, blank=True)

    objects = LiveSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(window_low__lte=models.F("window_high"), window_high__lte=10),
                name="live_window_in_0_to_10",
            )
        ]

    def __str__(self) -> str:
        return f"Live feedback for {self.patient} at {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.ended_at is None

    @property
    def window(self) -> DiscomfortWindow:
        return DiscomfortWindow(self.window_low, self.window_high)


class LiveEvent(models.Model):
    """One event of a live session (phone or therapist), timed by the server's clock."""

    live_session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=[(k.value, k.value) for k in EventKind])
    at = models.DateTimeField()
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    # The trigger point being worked when the event arrived (None before the first one).
    trigger_point = models.CharField(max_length=100, blank=True)
    # The phone's sequence number; unique per session, so a resent event is never stored twice.
    seq = models.BigIntegerField(null=True, blank=True)
    # The phone's clock when sent (milliseconds since the epoch), for latency figures only.
    sent_at_ms = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["live_session", "seq"],
                condition=models.Q(seq__isnull=False),
                name="live_event_seq_once",
            ),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | models.Q(value__lte=10),
                name="live_event_value_0_to_10",
            ),
        ]
        indexes = [models.Index(fields=["live_session", "at"])]

    def __str__(self) -> str:
        return f"{self.kind} at {self.at:%H:%M:%S}"

    def to_domain(self) -> LogEvent:
        # Phone events carry the trigger point as context only; `summarise` segments by the
        # therapist's next_trigger_point events, so only those keep it in the domain record.
        keeps_point = self.kind == EventKind.NEXT_TRIGGER_POINT
        return LogEvent(
            EventKind(self.kind),
            self.at,
            self.value,
            self.trigger_point if keeps_point else None,
            self.seq,
        )
