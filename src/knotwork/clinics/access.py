"""Scoped reads: every view and endpoint fetches through these, never a bare `.get(pk=...)`.

Anything outside the user's clinics answers 404, so a user of clinic B cannot even learn that a
record of clinic A exists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404, HttpRequest

from knotwork.clinics.models import Clinic, Membership, Role

if TYPE_CHECKING:
    from knotwork.accounts.models import User
    from knotwork.patients.models import Patient

CURRENT_CLINIC_KEY = "knotwork_clinic_id"


def memberships(user: User) -> list[Membership]:
    if not user.is_authenticated:
        return []
    return list(user.memberships.filter(is_active=True).select_related("clinic"))


def current_membership(request: HttpRequest) -> Membership | None:
    """The staff role the user is acting in: the clinic chosen in this session, else the first.

    Kept on the request: the view and the page's context processor both ask, once each.
    """
    if not hasattr(request, "_knotwork_membership"):
        found = memberships(request.user)  # type: ignore[arg-type]
        chosen = request.session.get(CURRENT_CLINIC_KEY)
        picked = next((m for m in found if m.clinic_id == chosen), found[0] if found else None)
        request._knotwork_membership = picked  # type: ignore[attr-defined]
    return request._knotwork_membership  # type: ignore[attr-defined]


def current_clinic(request: HttpRequest) -> Clinic:
    membership = current_membership(request)
    if membership is None:
        raise Http404("You are not a member of a clinic.")
    return membership.clinic


def require_admin(request: HttpRequest) -> Membership:
    """The admin membership of the current clinic; 404 for anybody else."""
    membership = current_membership(request)
    if membership is None or membership.role != Role.ADMIN:
        raise Http404("Only clinic admins can open this page.")
    return membership


def is_staff_of(user: User, clinic_id: int) -> bool:
    return (
        user.is_authenticated
        and user.memberships.filter(clinic_id=clinic_id, is_active=True).exists()
    )


def get_patient_for_user(user: User, patient_id: int) -> Patient:
    """The patient if this user may see the record, else 404."""
    from knotwork.patients.models import Patient

    try:
        return Patient.objects.for_user(user).get(pk=patient_id)
    except (Patient.DoesNotExist, ValueError, TypeError):
        raise Http404("No such patient.") from None


def get_patient_for_staff(user: User, patient_id: int) -> Patient:
    """As get_patient_for_user, but for staff-only actions: a patient gets 404 even for themself."""
    patient = get_patient_for_user(user, patient_id)
    if not is_staff_of(user, patient.clinic_id):
        raise Http404("No such patient.")
    return patient
