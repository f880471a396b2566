"""The clinic's opening hours (admins) and each staff member's working hours; the day view."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from knotwork.audit.services import record_list
from knotwork.clinics.models import Membership, Role
from knotwork.clinics.querysets import current_membership, require_admin
from knotwork.common.errors import Refusal, add_to_form
from knotwork.common.requests import AuthenticatedRequest
from knotwork.courses.forms import OpeningHoursForm, WeekForm
from knotwork.courses.models import (
    CourseSettings,
    OpeningHours,
    WorkingHours,
)
from knotwork.courses.querysets import clinic_therapists, day_alerts, day_sessions
from knotwork.courses.services import save_opening_hours, save_working_hours
from knotwork.intake.services import gate_for


@login_required
def opening_hours(request: AuthenticatedRequest) -> HttpResponse:
    admin = require_admin(request)
    clinic = admin.clinic
    initial = WeekForm.initial_of(OpeningHours.week_of(clinic))
    initial["session_minutes"] = CourseSettings.for_clinic(clinic).session_minutes
    form = OpeningHoursForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            save_opening_hours(
                actor=request.user,
                clinic=clinic,
                week=form.week(),
                session_minutes=form.cleaned_data["session_minutes"],
                request=request,
            )
        except Refusal as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(request, "Opening hours saved.")
            return redirect("opening_hours")
    context = {
        "clinic": clinic,
        "form": form,
        "members": clinic.memberships.filter(is_active=True).select_related("user"),
    }
    return render(
        request, "courses/opening_hours.html", context, status=400 if form.errors else 200
    )


def _member_for(request: AuthenticatedRequest, membership_id: int) -> Membership:
    """The member's hours are theirs to set, or their clinic admin's; 404 for anyone else."""
    own = current_membership(request)
    member = Membership.objects.filter(pk=membership_id, is_active=True).first()
    if own is None or member is None or member.clinic_id != own.clinic_id:
        raise Http404("No such member.")
    if member.pk != own.pk and own.role != Role.ADMIN:
        raise Http404("No such member.")
    return member


@login_required
def working_hours(request: AuthenticatedRequest, membership_id: int) -> HttpResponse:
    member = _member_for(request, membership_id)
    form = WeekForm(
        request.POST or None,
        initial=WeekForm.initial_of(WorkingHours.week_of(member)),
        labels=("Starts", "Ends"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            save_working_hours(
                actor=request.user, membership=member, week=form.week(), request=request
            )
        except Refusal as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(request, f"Working hours of {member.user} saved.")
            return redirect("working_hours", membership_id=member.pk)
    context = {
        "member": member,
        "form": form,
        "own_hours": WorkingHours.objects.filter(membership=member).exists(),
        "opening": OpeningHours.week_of(member.clinic),
    }
    return render(
        request, "courses/working_hours.html", context, status=400 if form.errors else 200
    )


def _day(value: str | None) -> date:
    if value:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    return timezone.localdate()


@login_required
def day_view(request: AuthenticatedRequest) -> HttpResponse:
    """One therapist's day: the booked sessions with the patient's gate and open alerts."""
    own = current_membership(request)
    if own is None:
        raise Http404("You are not a member of a clinic.")
    day = _day(request.GET.get("on"))
    choices = clinic_therapists(own.clinic)
    therapist_id = own.user_id
    wanted = request.GET.get("therapist")
    if wanted and wanted.isdigit() and any(int(wanted) == pk for pk, _ in choices):
        therapist_id = int(wanted)
    sessions = list(day_sessions(own.clinic, day, therapist_id))
    rows = [
        {
            "session": session,
            "patient": session.course.patient,
            "gate": gate_for(session.course.patient, "record_session", on=day),
            "alerts": day_alerts(session),
        }
        for session in sessions
    ]
    record_list(
        request,
        actor=request.user,
        clinic=own.clinic,
        patients=[session.course.patient for session in sessions],
        subject="day_view",
        detail=f"{day.isoformat()}",
    )
    context = {
        "day": day,
        "rows": rows,
        "choices": choices,
        "therapist_id": therapist_id,
        "previous": date.fromordinal(day.toordinal() - 1),
        "following": date.fromordinal(day.toordinal() + 1),
    }
    return render(request, "courses/day_view.html", context)
