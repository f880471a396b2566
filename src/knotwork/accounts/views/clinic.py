"""The clinic's security page for admins: require two-factor authentication of every staff
member, see who has set it up, and revoke any API token of the clinic."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render

from knotwork.accounts.forms.twofactor import ClinicTwoFactorForm
from knotwork.accounts.models import ApiToken
from knotwork.accounts.twofactor import requires_two_factor, second_factors
from knotwork.audit.models import AuditAction
from knotwork.audit.services import record_event
from knotwork.clinics.querysets import require_admin
from knotwork.common.pagination import page_of
from knotwork.common.requests import AuthenticatedRequest


@login_required
def clinic_security(request: AuthenticatedRequest) -> HttpResponse:
    admin = require_admin(request)
    clinic = admin.clinic
    form = ClinicTwoFactorForm(
        request.POST or None, initial={"staff_need_two_factor": clinic.staff_need_two_factor}
    )
    if request.method == "POST" and form.is_valid():
        wanted = form.cleaned_data["staff_need_two_factor"]
        if wanted != clinic.staff_need_two_factor:
            with transaction.atomic():
                clinic.staff_need_two_factor = wanted
                clinic.save(update_fields=["staff_need_two_factor"])
                record_event(
                    actor=request.user,
                    clinic=clinic,
                    action=AuditAction.ACCOUNT,
                    subject="clinic",
                    subject_id=clinic.pk,
                    detail="required two-factor authentication of every staff member"
                    if wanted
                    else "made two-factor authentication optional for therapists",
                    changes={"staff_need_two_factor": {"old": not wanted, "new": wanted}},
                    request=request,
                )
            messages.success(
                request,
                "Every staff member now needs two-factor authentication; those without it set "
                "it up at their next login."
                if wanted
                else "Two-factor authentication is now required of admins only.",
            )
        return redirect("clinic_security")
    staff = [
        {
            "membership": m,
            "has_two_factor": bool(second_factors(m.user)),
            "required": requires_two_factor(m.user),
        }
        for m in clinic.memberships.filter(is_active=True).select_related("user")
    ]
    tokens = (
        ApiToken.objects.filter(membership__clinic=clinic, revoked_at=None)
        .select_related("user", "membership")
        .order_by("user__email", "name")
    )
    context = {"form": form, "staff": staff, "tokens": page_of(request, tokens)}
    return render(request, "accounts/clinic_security.html", context)
