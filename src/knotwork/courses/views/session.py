"""Staff pages of a session: booking, the session record (and amending it), signing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from knotwork.audit.services import record_read
from knotwork.clinics.models import Clinic
from knotwork.common.errors import Refusal, add_to_form
from knotwork.common.requests import AuthenticatedRequest
from knotwork.courses import record
from knotwork.courses.forms import (
    SYMPTOM_LABELS,
    BookForm,
)
from knotwork.courses.querysets import (
    clinic_therapist,
    clinic_therapists,
    courses_with_therapist,
    get_session_for_staff,
    sessions_with_therapist,
)
from knotwork.courses.services import (
    BookingRefused,
    CourseError,
    TooCloseToBook,
    book_session,
    sign_session,
)
from knotwork.courses.views.course import RefusedBooking, course_page
from knotwork.patients.querysets import fetch_or_404

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
    gap = False
    why = "Choose a date and a time."
    status = 422
    if form.is_valid():
        starts_at = form.cleaned_data["starts_at"]
        try:
            book_session(
                actor=request.user,
                session=session,
                starts_at=starts_at,
                therapist=booking_therapist(clinic, form.cleaned_data.get("therapist")),
                early_reason=form.cleaned_data.get("early_reason") or "",
                request=request,
            )
        except Refusal as refusal:
            add_to_form(form, refusal)
            gap = isinstance(refusal, TooCloseToBook)
            why, status = refusal.message, refusal.status
        else:
            messages.success(
                request,
                f"Session {session.number} booked for "
                f"{timezone.localtime(starts_at):%a %d %b %Y at %H:%M}.",
            )
            return redirect("course_detail", course_id=session.course_id)
    # The course page again: why at the top, and the refused booking in its row beside the
    # field to change (422; 409 when the session's state refuses any booking).
    messages.error(request, f"Session {session.number} not booked: {why}")
    course = fetch_or_404(
        request, courses_with_therapist(), session.course_id, read="course", staff_only=True
    )
    return course_page(
        request, course, refused=RefusedBooking(session.number, form, gap), status=status
    )


@login_required
def session_detail(request: AuthenticatedRequest, session_id: int) -> HttpResponse:
    session = fetch_or_404(
        request,
        sessions_with_therapist(),
        session_id,
        read="session",
        staff_only=True,
        what="session",
    )
    if session.signed_by_id == request.user.pk:
        # The page names who signed: usually the therapist looking at it, already loaded.
        session.signed_by = request.user
    amendments = list(session.amendments.select_related("amended_by"))
    check_in = getattr(session, "check_in", None) if session.is_held else None
    context = {
        "session": session,
        "course": session.course,
        "patient": session.course.patient,
        "points": list(session.points.all()),
        "amendments": [(a, record.changes(a)) for a in amendments],
        "traces": record.traces(session),
        "check_in": check_in,
        # Each answer with its symptoms in the words the patient ticked, not their ids.
        "check_in_answers": [
            (a, [SYMPTOM_LABELS.get(s, s.replace("_", " ")) for s in a.symptoms])
            for a in (check_in.answers.all() if check_in else ())
        ],
    }
    return render(request, "courses/session_detail.html", context)


@login_required
def session_original(request: AuthenticatedRequest, session_id: int) -> HttpResponse:
    """The record as originally signed, before its first amendment."""
    session = get_session_for_staff(request.user, session_id)
    first = session.amendments.select_related("amended_by").first()
    if first is None:
        raise Http404("This session has not been amended; its record is as signed.")
    # Audited once the original is known to exist: an unamended session's 404 showed nothing.
    record_read(request, session.course.patient, subject="session_original", subject_id=session.pk)
    context = {
        "session": session,
        "course": session.course,
        "patient": session.course.patient,
        "rows": record.original_rows(first.before),
        "first": first,
    }
    return render(request, "courses/session_original.html", context)


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
