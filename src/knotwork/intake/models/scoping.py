"""The one scoping rule of this app: a row is visible when its patient is (the rule of
`Patient.objects.for_user`, which `knotwork.patients.querysets` fetches through)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.db import models

if TYPE_CHECKING:
    from knotwork.accounts.models import User


class PatientScopedQuerySet[M: models.Model](models.QuerySet[M]):
    """The QuerySet of every model of this app that has a `patient` (as `Model.objects`)."""

    def for_user(self, user: User) -> Self:
        """Rows of the patients this user may see (their clinics' patients, or their own)."""
        from knotwork.patients.models import Patient

        return self.filter(patient__in=Patient.objects.for_user(user))

    def for_staff(self, user: User) -> Self:
        """Rows of the patients of the clinics where this user is active staff."""
        if not user.is_authenticated:
            return self.none()
        clinics = user.memberships.filter(is_active=True).values("clinic_id")
        return self.filter(patient__clinic_id__in=clinics)
