"""Booking with times: the clinic's opening hours and each therapist's working hours.

A clinic that never set its hours opens Monday to Friday, 08:00-18:00
(`knotwork.domain.protocol.DEFAULT_OPENING`); a therapist who never set theirs works the clinic's
hours. Booked sessions keep their times on `TreatmentSession` (`starts_at`, `ends_at`,
`booked_with`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

from knotwork.domain.protocol import DEFAULT_OPENING, WEEKDAYS, WeeklyHours

if TYPE_CHECKING:
    from knotwork.clinics.models import Clinic, Membership

WEEKDAY_CHOICES = [(number, name) for number, name in enumerate(WEEKDAYS)]


class OpeningHours(models.Model):
    """The clinic is open on `weekday` (0 Monday) from `opens` to `closes`, local time."""

    clinic = models.ForeignKey(
        "clinics.Clinic", on_delete=models.CASCADE, related_name="opening_hours"
    )
    weekday = models.PositiveSmallIntegerField(choices=WEEKDAY_CHOICES)
    opens = models.TimeField()
    closes = models.TimeField()

    class Meta:
        ordering = ["clinic", "weekday"]
        constraints = [
            models.UniqueConstraint(fields=["clinic", "weekday"], name="one_opening_per_weekday"),
            models.CheckConstraint(
                condition=models.Q(closes__gt=models.F("opens")), name="opening_closes_after"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.clinic}: {WEEKDAYS[self.weekday]} {self.opens:%H:%M}-{self.closes:%H:%M}"

    @classmethod
    def week_of(cls, clinic: Clinic) -> WeeklyHours:
        """The clinic's week: its own rows once it set any (the form keeps one open day at
        least), else the default week."""
        # Through the relation, so a page that prefetched the clinic's hours asks no more.
        hours = clinic.opening_hours.all()
        rows = {row.weekday: (row.opens, row.closes) for row in hours}
        return rows or dict(DEFAULT_OPENING)


class WorkingHours(models.Model):
    """A staff member works on `weekday` from `starts` to `ends` in this membership's clinic."""

    membership = models.ForeignKey(
        "clinics.Membership", on_delete=models.CASCADE, related_name="working_hours"
    )
    weekday = models.PositiveSmallIntegerField(choices=WEEKDAY_CHOICES)
    starts = models.TimeField()
    ends = models.TimeField()

    class Meta:
        ordering = ["membership", "weekday"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "weekday"], name="one_working_span_per_weekday"
            ),
            models.CheckConstraint(
                condition=models.Q(ends__gt=models.F("starts")), name="working_ends_after"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership}: {WEEKDAYS[self.weekday]} {self.starts:%H:%M}-{self.ends:%H:%M}"

    @classmethod
    def week_of(cls, membership: Membership) -> WeeklyHours:
        """The member's own week once set, else the clinic's opening hours."""
        rows = {
            row.weekday: (row.starts, row.ends) for row in cls.objects.filter(membership=membership)
        }
        return rows or OpeningHours.week_of(membership.clinic)
