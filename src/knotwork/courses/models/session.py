"""A treatment session of a course: booking, the record, trigger points treated, amendments."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models

from knotwork.courses.models.course import Course
from knotwork.domain import knowledge
from knotwork.patients.models import PatientScopedQuerySet

if TYPE_CHECKING:
    pass


def trigger_point_label(muscle_id: str, trigger_point_id: str, side: str) -> str:
    """ "Trapezius: Middle fibres (left)": the knowledge base's label and the side."""
    label = knowledge.load().point_label(muscle_id, trigger_point_id)
    return label + (f" ({side})" if side and side != "midline" else "")


class SessionQuerySet(PatientScopedQuerySet["TreatmentSession"]):
    patient_path = "course__patient"


class SessionStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    BOOKED = "booked", "Booked"
    RECORDED = "recorded", "Recorded, not signed"
    SIGNED = "signed", "Signed"
    CANCELLED = "cancelled", "Cancelled"


# The fields of a session record that an amendment may change, and whose history it keeps.
RECORD_FIELDS = (
    "pre_nprs",
    "soreness_since_last",
    "post_nprs",
    "techniques",
    "stretches",
    "home_care",
    "subjective",
    "objective",
    "assessment",
    "plan",
)


class TreatmentSession(models.Model):
    """Session `number` of a course: when it is booked, when it was held, and its signed record.

    NPRS (numeric pain rating scale, 0-10, reference D.2) is asked before and after the session;
    soreness since the last session is the patient's 0-10 rating (reference E.2).
    """

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="treatment_sessions")
    number = models.PositiveSmallIntegerField()
    scheduled_for = models.DateField(null=True, blank=True)
    # A booking's time, and the therapist it is with (inside the clinic's and their hours).
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    booked_with = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="booked_sessions",
    )
    # When the reminder mail of the booking at `starts_at` went out (once per booked time).
    reminded_for = models.DateTimeField(null=True, blank=True)
    # Why the session was held sooner than the plan's minimum gap after the one before.
    early_reason = models.TextField(blank=True)
    held_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=SessionStatus.choices, default="planned")
    pre_nprs = models.PositiveSmallIntegerField(null=True, blank=True)
    soreness_since_last = models.PositiveSmallIntegerField(null=True, blank=True)
    post_nprs = models.PositiveSmallIntegerField(null=True, blank=True)
    techniques = models.TextField(blank=True)
    stretches = models.TextField(blank=True)
    # Muscle ids whose self-care advice was given as home care (printable page).
    home_care = models.JSONField(default=list, blank=True)
    subjective = models.TextField(blank=True)
    objective = models.TextField(blank=True)
    assessment = models.TextField(blank=True)
    plan = models.TextField(blank=True)
    # The gate decision that allowed the record, kept for the audit of this session.
    gate_reasons = models.JSONField(default=list, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The day the patient reported tightness returning after this session (relief window).
    tightness_returned_on = models.DateField(null=True, blank=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["course", "number"]
        constraints = [
            models.UniqueConstraint(fields=["course", "number"], name="one_session_per_number"),
            # Overlaps are refused under a lock on the therapist's membership (services); the
            # database itself refuses two bookings of one therapist starting at the same time.
            models.UniqueConstraint(
                fields=["booked_with", "starts_at"],
                condition=models.Q(status="booked"),
                name="one_booking_per_therapist_start",
            ),
            models.CheckConstraint(
                condition=models.Q(pre_nprs__lte=10), name="session_pre_nprs_0_to_10"
            ),
            models.CheckConstraint(
                condition=models.Q(post_nprs__lte=10), name="session_post_nprs_0_to_10"
            ),
            models.CheckConstraint(
                condition=models.Q(soreness_since_last__lte=10), name="session_soreness_0_to_10"
            ),
        ]

    def __str__(self) -> str:
        return f"Session {self.number} of {self.course}"

    @property
    def is_held(self) -> bool:
        return self.held_at is not None

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    def snapshot(self) -> dict[str, Any]:
        """The amendable record as plain values, including the trigger points treated."""
        shown: dict[str, Any] = {name: getattr(self, name) for name in RECORD_FIELDS}
        shown["points"] = [point.snapshot() for point in self.points.all()]
        return shown


class PressureUnit(models.TextChoices):
    """Algometer units of reference D.9."""

    KG_CM2 = "kg/cm2", "kg/cm²"
    KPA = "kPa", "kPa"
    N_CM2 = "N/cm2", "N/cm²"


class TreatedPoint(models.Model):
    """One trigger point treated in a session, with the pressure given and the response.

    Pressure: the therapist's grade 1-5 and/or an algometer reading with its unit. Discomfort is
    the patient's 0-10 rating during sustained pressure (reference E.1).
    """

    session = models.ForeignKey(TreatmentSession, on_delete=models.CASCADE, related_name="points")
    muscle = models.CharField(max_length=40)
    trigger_point = models.CharField(max_length=60)
    side = models.CharField(max_length=10, blank=True)
    chosen_from = models.CharField(max_length=12, default="muscle_list")
    pressure_grade = models.PositiveSmallIntegerField(null=True, blank=True)
    algometer_value = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    algometer_unit = models.CharField(max_length=8, choices=PressureUnit.choices, blank=True)
    hold_seconds = models.PositiveSmallIntegerField(null=True, blank=True)
    repetitions = models.PositiveSmallIntegerField(null=True, blank=True)
    discomfort = models.PositiveSmallIntegerField(null=True, blank=True)
    release_felt = models.BooleanField(default=False)
    referred_pain_reproduced = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pressure_grade__gte=1, pressure_grade__lte=5)
                | models.Q(pressure_grade=None),
                name="point_grade_1_to_5",
            ),
            models.CheckConstraint(
                condition=models.Q(discomfort__lte=10), name="point_discomfort_0_to_10"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.muscle}/{self.trigger_point} {self.side}".strip()

    @property
    def label(self) -> str:
        """The point as a therapist reads it, e.g. "Trapezius: Middle fibres (left)"."""
        try:
            return trigger_point_label(self.muscle, self.trigger_point, self.side)
        except LookupError:
            # A point recorded before the knowledge base renamed it keeps its stored ids.
            return str(self)

    def snapshot(self) -> dict[str, Any]:
        return {
            "muscle": self.muscle,
            "trigger_point": self.trigger_point,
            "side": self.side,
            "chosen_from": self.chosen_from,
            "pressure_grade": self.pressure_grade,
            "algometer_value": None if self.algometer_value is None else str(self.algometer_value),
            "algometer_unit": self.algometer_unit,
            "hold_seconds": self.hold_seconds,
            "repetitions": self.repetitions,
            "discomfort": self.discomfort,
            "release_felt": self.release_felt,
            "referred_pain_reproduced": self.referred_pain_reproduced,
        }


# How the session form names each amendable part, for the amendment history.
FIELD_LABELS = {
    "pre_nprs": "pain before",
    "soreness_since_last": "soreness since last session",
    "post_nprs": "pain after",
    "home_care": "home care",
    "points": "trigger points treated",
}


class SessionAmendment(models.Model):
    """A change to a signed record: the values before and after, who, when and why.

    The first amendment's `before` is the record as originally signed, so it stays visible.
    """

    session = models.ForeignKey(
        TreatmentSession, on_delete=models.CASCADE, related_name="amendments"
    )
    amended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    amended_at = models.DateTimeField()
    reason = models.TextField()
    before = models.JSONField()
    after = models.JSONField()

    class Meta:
        ordering = ["amended_at", "id"]

    def __str__(self) -> str:
        return f"Amendment of {self.session} at {self.amended_at:%Y-%m-%d %H:%M}"

    @property
    def changed_fields(self) -> list[str]:
        """The changed keys in the form's order. PostgreSQL's jsonb does not keep key order, so
        the order of `after` cannot be trusted to read the same on every database."""
        changed = [key for key in self.after if self.before.get(key) != self.after.get(key)]
        form_order = list(FIELD_LABELS)
        return sorted(
            changed,
            key=lambda key: (
                key not in form_order,
                form_order.index(key) if key in form_order else 0,
                key,
            ),
        )

    @property
    def changed_labels(self) -> list[str]:
        """The changed parts of the record in the words of the session form."""
        return [FIELD_LABELS.get(key, key.replace("_", " ")) for key in self.changed_fields]
