"""Pages for clinic admins: members, invitations, the audit trail; and switching clinic."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from knotwork.audit.models import AuditEntry
from knotwork.clinics.forms import AuditFilterForm, InviteMemberForm, MembershipForm
from knotwork.clinics.models import Clinic, InvitationKind, Role
from knotwork.clinics.querysets import CURRENT_CLINIC_KEY, memberships, require_admin
from knotwork.clinics.services import LastAdminError, change_membership, invite, revoke_invitation
from knotwork.common.requests import AuthenticatedRequest


@login_required
def members(request: AuthenticatedRequest) -> HttpResponse:
    admin = require_admin(request)
    form = InviteMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _refuse_existing_member(form, admin.clinic)
    if request.method == "POST" and form.is_valid():
        invitation = invite(
            actor=request.user,
            clinic=admin.clinic,
            email=form.cleaned_data["email"],
            kind=InvitationKind(form.cleaned_data["role"]),
            base_url=request.build_absolute_uri("/").rstrip("/"),
        )
        messages.success(
            request,
            f"Invitation sent to {invitation.email}. The one-time link (valid 72 hours) went to "
            "their mailbox only.",
        )
        return redirect("clinic_members")
    context = {
        "form": form,
        "members": admin.clinic.memberships.select_related("user"),
        "invitations": admin.clinic.invitations.select_related("patient", "created_by")[:100],
        "roles": Role.choices,
    }
    return render(request, "clinics/members.html", context, status=400 if form.errors else 200)


def _refuse_existing_member(form: InviteMemberForm, clinic: Clinic) -> None:
    """An active member needs no invitation; their role is changed in the staff table."""
    email = form.cleaned_data["email"].strip()
    if clinic.memberships.filter(user__email__iexact=email, is_active=True).exists():
        form.add_error(
            "email",
            f"{email} is already a member of this clinic. Change their role in the Staff table.",
        )


@login_required
@require_POST
def member_change(request: AuthenticatedRequest, membership_id: int) -> HttpResponse:
    admin = require_admin(request)
    membership = admin.clinic.memberships.filter(pk=membership_id).first()
    if membership is None:
        raise Http404("No such member.")
    form = MembershipForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a valid role.")
        return redirect("clinic_members")
    try:
        change_membership(
            membership=membership,
            role=Role(form.cleaned_data["role"]),
            active=form.cleaned_data["is_active"],
        )
    except LastAdminError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{membership.user} updated.")
    return redirect("clinic_members")


@login_required
@require_POST
def invitation_revoke(request: AuthenticatedRequest, invitation_id: int) -> HttpResponse:
    admin = require_admin(request)
    invitation = admin.clinic.invitations.filter(pk=invitation_id).first()
    if invitation is None:
        raise Http404("No such invitation.")
    revoke_invitation(invitation=invitation)
    messages.success(request, f"Invitation for {invitation.email} withdrawn.")
    return redirect("clinic_members")


@login_required
def audit_log(request: AuthenticatedRequest) -> HttpResponse:
    admin = require_admin(request)
    entries = AuditEntry.objects.filter(clinic=admin.clinic).select_related("actor")
    form = AuditFilterForm(request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        if data["patient"]:
            entries = entries.filter(patient_name__icontains=data["patient"])
        if data["actor"]:
            entries = entries.filter(actor__email__icontains=data["actor"])
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["since"]:
            entries = entries.filter(at__date__gte=data["since"])
        if data["until"]:
            entries = entries.filter(at__date__lt=data["until"] + timedelta(days=1))
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "clinics/audit.html", {"form": form, "page": page, "query": query.urlencode()}
    )


@login_required
@require_POST
def switch_clinic(request: AuthenticatedRequest) -> HttpResponse:
    wanted = request.POST.get("clinic_id", "")
    for membership in memberships(request.user):
        if str(membership.clinic_id) == wanted:
            request.session[CURRENT_CLINIC_KEY] = membership.clinic_id
            return redirect("dashboard")
    raise Http404("You are not a member of that clinic.")
