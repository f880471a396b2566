"""Pages for clinic admins: members, invitations, the audit trail; and switching clinic."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from knotwork.audit.models import AuditAction, AuditEntry
from knotwork.audit.services import record_event
from knotwork.clinics.forms import AuditFilterForm, InviteMemberForm, MembershipForm
from knotwork.clinics.models import Clinic, InvitationKind, Role
from knotwork.clinics.querysets import (
    CURRENT_CLINIC_KEY,
    audit_entries,
    memberships,
    require_admin,
)
from knotwork.clinics.services import LastAdminError, change_membership, invite, revoke_invitation
from knotwork.common.forms import text_checked_by_forms
from knotwork.common.links import base_url
from knotwork.common.pagination import page_of
from knotwork.common.requests import AuthenticatedRequest
from knotwork.common.spreadsheets import SafeWriter


@login_required
@text_checked_by_forms
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
            base_url=base_url(),
            request=request,
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
        "invitations": page_of(
            request, admin.clinic.invitations.select_related("patient", "created_by")
        ),
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
            actor=request.user,
            request=request,
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
    revoke_invitation(actor=request.user, invitation=invitation, request=request)
    messages.success(request, f"Invitation for {invitation.email} withdrawn.")
    return redirect("clinic_members")


@login_required
def audit_log(request: AuthenticatedRequest) -> HttpResponse:
    admin = require_admin(request)
    form = AuditFilterForm(request.GET or None)
    entries = audit_entries(admin.clinic, form.cleaned_data if form.is_valid() else None)
    listing = page_of(request, entries)
    return render(request, "clinics/audit.html", {"form": form, "listing": listing})


EXPORT_COLUMNS = (
    "seq",
    "at",
    "actor_name",
    "actor_email",
    "action",
    "subject",
    "subject_id",
    "patient_id",
    "patient_name",
    "detail",
    "changes",
    "patients_shown",
    "ip_address",
    "prev_hash",
    "hash",
)


@login_required
def audit_export(request: AuthenticatedRequest) -> HttpResponse:
    """The trail as CSV for an investigation, filtered like the page, oldest first, with each
    entry's hashes (so the copy can be checked against `knotwork audit verify`)."""
    admin = require_admin(request)
    form = AuditFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        return HttpResponse("Check the filters: " + form.errors.as_text(), status=400)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = list(audit_entries(admin.clinic, filters).order_by("seq"))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-trail-{admin.clinic_id}.csv"'
    # No cell runs as a formula in the investigator's spreadsheet (common/spreadsheets.py).
    writer = SafeWriter(response)
    writer.writerow(EXPORT_COLUMNS)
    for entry in entries:
        writer.writerow(_export_row(entry))
    described = ", ".join(f"{k} {v}" for k, v in filters.items() if v) or "no filter"
    record_event(
        actor=request.user,
        clinic=admin.clinic,
        action=AuditAction.READ,
        subject="audit_export",
        detail=f"exported {len(entries)} audit entries as CSV ({described})",
        request=request,
    )
    return response


def _export_row(entry: AuditEntry) -> list[object]:
    return [
        entry.seq,
        entry.at.isoformat(),
        entry.actor_name,
        entry.actor_email,
        entry.action,
        entry.subject,
        entry.subject_id,
        entry.patient_id or "",
        entry.patient_name,
        entry.detail,
        json.dumps(entry.changes, ensure_ascii=False) if entry.changes else "",
        "; ".join(f"{pk} {name}" for pk, name in entry.patients),
        entry.ip_address or "",
        entry.prev_hash,
        entry.hash,
    ]


@login_required
@require_POST
def switch_clinic(request: AuthenticatedRequest) -> HttpResponse:
    wanted = request.POST.get("clinic_id", "")
    for membership in memberships(request.user):
        if str(membership.clinic_id) == wanted:
            request.session[CURRENT_CLINIC_KEY] = membership.clinic_id
            return redirect("dashboard")
    raise Http404("You are not a member of that clinic.")
