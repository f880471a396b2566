"""Template context every page needs: the current clinic and the user's role in it."""

from __future__ import annotations

from typing import Any

from knotwork.clinics.querysets import current_membership
from knotwork.common.requests import KnotworkRequest


def knotwork(request: KnotworkRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    membership = current_membership(request)
    return {
        "membership": membership,
        "clinic": membership.clinic if membership else None,
        "is_clinic_admin": bool(membership and membership.role == "admin"),
        # The list the request's clinic choice already loaded: no second query.
        "all_memberships": request.clinic_choice.memberships if membership else [],
        # Only a login without a clinic is offered its own record (base.html): staff pages
        # spare the look-up.
        "own_patient_record": None if membership else getattr(user, "patient_record", None),
    }
