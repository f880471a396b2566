"""Patient records. Each belongs to one clinic; staff of other clinics never see it."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Self

from django.conf import settings
from django.db import models
from django.http import Http404

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from knotwork.accounts.models import User


class PatientScopedQuerySet[M: models.Model](models.QuerySet[M]):
    """The one scoped read of every patient-owned model (its `Model.objects`).

    `patient_path` is the lookup from a row to its patient (`"patient"`, `"course__patient"`,
    `""` for `Patient` itself). A row is visible to the active staff of its patient's clinic
    and, unless `staff_only`, to the patient themself: one filter on the row's own query (the
    user's memberships are a subquery), so a read costs one query and needs no second
    membership lookup. With an API token `user.memberships` is the token's membership only, so
    the token stays inside its clinic.
    """

    patient_path: ClassVar[str] = "patient"

    def restrict(self, user: User | AnonymousUser, *, staff_only: bool = False) -> Self:
        """Rows this user may see: their clinics' patients' (and their own, unless staff_only)."""
        if not user.is_authenticated:
            return self.none()
        prefix = f"{self.patient_path}__" if self.patient_path else ""
        clinics = user.memberships.filter(is_active=True).values("clinic_id")
        visible = models.Q(**{f"{prefix}clinic_id__in": clinics})
        if not staff_only:
            visible |= models.Q(**{f"{prefix}user": user})
        return self.filter(visible)

    def get_for_user_or_404(
        self,
        user: User | AnonymousUser,
        pk: object,
        *,
        staff_only: bool = False,
        what: str = "",
    ) -> M:
        """The row `pk` if `restrict(user, staff_only=...)` holds it (with its patient, one
        query), else 404 ("No such <what>."): a record of another clinic is as unknown as one
        that never existed."""
        what = what or str(self.model._meta.verbose_name)
        try:
            key = int(str(pk))
        except ValueError:
            raise Http404(f"No such {what}.") from None
        rows = self.restrict(user, staff_only=staff_only)
        if self.patient_path:
            rows = rows.select_related(self.patient_path)
        found = rows.filter(pk=key).first()
        if found is None:
            raise Http404(f"No such {what}.")
        return found

    def patient_of(self, row: M) -> Patient:
        """The patient a row belongs to (loaded with it by `get_for_user_or_404`)."""
        found: object = row
        for step in filter(None, self.patient_path.split("__")):
            found = getattr(found, step)
        assert isinstance(found, Patient)
        return found


class PatientQuerySet(PatientScopedQuerySet["Patient"]):
    patient_path = ""


class Patient(models.Model):
    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="patients")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="patient_record",
    )
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    therapists = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="assigned_patients"
    )
    history = models.TextField(blank=True, help_text="Relevant history in the therapist's words.")
    # The patient's physician: whom progress reports and clearance requests are addressed to.
    physician_name = models.CharField(max_length=200, blank=True)
    physician_practice = models.CharField(max_length=200, blank=True)
    physician_email = models.EmailField(blank=True, help_text="Where reports are mailed.")
    physician_phone = models.CharField(max_length=40, blank=True)
    physician_address = models.TextField(blank=True, max_length=500)
    is_demo = models.BooleanField(default=False, help_text="Synthetic demonstration data.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PatientQuerySet.as_manager()

    class Meta:
        ordering = ["family_name", "given_name"]
        indexes = [models.Index(fields=["clinic", "family_name"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def has_physician(self) -> bool:
        return bool(self.physician_name.strip())
