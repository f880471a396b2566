"""Staff pages of a session: booking, the session record (and amending it), signing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from knotwork.audit.services import record_read
from knotwork.clinics.models import Clinic
from knotwork.common.errors import Refusal, add_to_form
from knotwork.common.requests import AuthenticatedRequest
from knotwork.courses.forms import (
    BookForm,
    PointForm,
    SessionForm,
    choice_key,
    trigger_point_choices,
)
from knotwork.courses.models import RECORD_FIELDS, TreatmentSession
from knotwork.courses.querysets import (
    clinic_therapist,
    clinic_therapists,
    get_session_for_staff,
)
from knotwork.courses.services import (
    BookingRefused,
    CourseError,
    GateClosed,
    amend_session,
    book_session,
    record_session,
    sign_session,
)
from knotwork.intake.services import gate_for

if TYPE_CHECKING:
    from knotwork.accounts.models import User


def booking_therapist(clinic: Clinic, user_id: int | None) -> User | None:
    """The chosen therapist among the clinic's active staff (None: the course's)."""
    if user_id is None:
        return None
    found = clinic_therapist(clinic, user_id)
    if found is None:
        raise BookingRefused("Book with a therapist of this clinic.", "therapist")
    return found


@login_required
@require_POST
def session_book(request: AuthenticatedRequest, session_id: int) -> HttpResponse:
    session = get_session_for_staff(request.user, session_id)
    clinic = session.course.patient.clinic
    form = BookForm(request.POST, therapists=clinic_therapists(clinic))
    if not form.is_valid():
        messages.error(request, "Choose a date and a time.")
    else:
        starts_at = form.cleaned_data["starts_at"]
        try:
            book_session(
                actor=request.user,
                session=session,
                starts_at=starts_at,
                therapist=booking_therapist(clinic, form.cleaned_data.get("therapist")),
                request=request,
            )
        except Refusal as refusal:
            messages.error(request, f"Session {session.number} not booked: {refusal.message}")
        else:
            messages.success(
                request,
                f"Session {session.number} booked for "
                f"{timezone.localtime(starts_at):%a %d %b %Y at %H:%M}.",
            )
    return redirect("course_detail", course_id=session.course_id)


def _point_initial(session: TreatmentSession) -> list[dict[str, Any]]:
    rows = []
    for point in session.points.all():
        row = point.snapshot()
        row["target"] = choice_key(point.chosen_from, point.muscle, point.trigger_point, point.side)
        rows.append(row)
    return rows


@login_required
def session_record(request: AuthenticatedRequest, session_id: int) -> HttpResponse:
    """Record a session, or amend it once signed (the history is kept)."""
    session = get_session_for_staff(request.user, session_id)
    course = session.course
    patient = course.patient
    amending = session.is_signed
    target_choices = trigger_point_choices(patient)
    initial_points = _point_initial(session)
    formset_class = forms.formset_factory(
        PointForm, extra=2 if initial_points else 4, max_num=30, absolute_max=30
    )
    initial = {name: getattr(session, name) for name in RECORD_FIELDS}
    initial["held_at"] = timezone.localtime(session.held_at or timezone.now()).strftime(
        "%Y-%m-%dT%H:%M"
    )
    form = SessionForm(request.POST or None, initial=initial, amending=amending)
    points = formset_class(
        request.POST or None,
        initial=initial_points,
        prefix="points",
        form_kwargs={"target_choices": target_choices},
    )
    day = timezone.localdate(session.held_at) if session.held_at else timezone.localdate()
    gate = gate_for(patient, "record_session", on=day)
    if request.method == "POST" and form.is_valid() and points.is_valid():
        treated = [p for p in (f.as_point() for f in points.forms) if p is not None]
        fields = {
            name: form.cleaned_data.get(name) for name in RECORD_FIELDS if name in form.cleaned_data
        }
        for name in ("techniques", "stretches", "subjective", "objective", "assessment", "plan"):
            fields[name] = fields.get(name) or ""
        try:
            if amending:
                amend_session(
                    actor=request.user,
                    session=session,
                    fields=fields,
                    points=treated,
                    reason=form.cleaned_data["reason"],
                    request=request,
                )
                messages.success(request, "Amendment saved; the earlier version is kept.")
            else:
                record_session(
                    actor=request.user,
                    session=session,
                    held_at=form.cleaned_data["held_at"],
                    fields=fields,
                    points=treated,
                    early_reason=form.cleaned_data.get("early_reason") or "",
                    request=request,
                )
                messages.success(
                    request, f"Session {session.number} recorded. Check it, then sign it."
                )
        except GateClosed as error:
            gate = error.decision
            reasons = " ".join(gate.reasons)
            form.add_error(None, "The safety gate is shut for this session: " + reasons)
        except Refusal as refusal:
            add_to_form(form, refusal)
        else:
            return redirect("session_detail", session_id=session.pk)
    has_errors = bool(form.errors or any(points.errors) or points.non_form_errors())
    context = {
        "session": session,
        "course": course,
        "patient": patient,
        "form": form,
        "points": points,
        "gate": gate,
        "amending": amending,
        "pre_session_link": reverse("pre_session_screen", kwargs={"patient_id": patient.pk}),
    }
    return render(
        request, "courses/session_record.html", context, status=400 if has_errors else 200
    )


@login_required
def session_detail(request: AuthenticatedRequest, session_id: int) -> HttpResponse:
    session = get_session_for_staff(request.user, session_id)
    record_read(request, session.course.patient, subject="session", subject_id=session.pk)
    if session.signed_by_id == request.user.pk:
        # The page names who signed: usually the therapist looking at it, already loaded.
        session.signed_by = request.user
    amendments = list(session.amendments.select_related("amended_by"))
    context = {
        "session": session,
        "course": session.course,
        "patient": session.course.patient,
        "points": list(session.points.all()),
        "amendments": amendments,
        "original": amendments[0].before if amendments else None,
        "check_in": getattr(session, "check_in", None) if session.is_held else None,
    }
    return render(request, "courses/session_detail.html", context)


@login_required
@require_POST
def session_sign(request: AuthenticatedRequest, session_id: int) -> HttpResponse:
    session = get_session_for_staff(request.user, session_id)
    try:
        sign_session(actor=request.user, session=session, request=request)
    except CourseError as error:
        messages.error(request, str(error))
        return redirect("session_detail", session_id=session.pk)
    messages.success(request, f"Session {session.number} signed.")
    return redirect("course_detail", course_id=session.course_id)
