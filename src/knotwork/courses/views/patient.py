"""Pages the patient uses on the phone: answer a check-in, report tightness, print home care."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from knotwork.common.errors import add_to_form
from knotwork.common.forms import text_checked_by_forms
from knotwork.common.requests import AuthenticatedRequest
from knotwork.courses.checkins import (
    CheckInError,
    answer_check_in,
    opens_text,
    red_flag_message,
)
from knotwork.courses.forms import CheckInAnswerForm, TightnessForm
from knotwork.courses.querysets import (
    get_own_check_in,
    get_own_session,
    sessions_with_therapist,
)
from knotwork.courses.services import CourseError, report_tightness
from knotwork.domain import knowledge
from knotwork.patients.querysets import fetch_or_404


@login_required
@text_checked_by_forms
def checkin_answer(request: AuthenticatedRequest, check_in_id: int) -> HttpResponse:
    check_in = get_own_check_in(request.user, check_in_id)
    form = CheckInAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            answer_check_in(
                actor=request.user, check_in=check_in, request=request, **form.cleaned_data
            )
        except CheckInError as error:
            add_to_form(form, error)
        else:
            warning = red_flag_message(check_in.patient, form.cleaned_data["symptoms"])
            if warning:
                messages.error(request, warning)
            else:
                messages.success(request, "Thank you. Your therapist will see your answer.")
            return redirect("my_record")
    now = timezone.now()
    context = {
        "check_in": check_in,
        "form": form,
        "session": check_in.session,
        # Before 24 h the page says when it opens instead of asking (the service refuses too).
        "not_yet": now < check_in.ask_at,
        "opens": opens_text(check_in),
        "closed": now >= check_in.closes_at or check_in.finished_at is not None,
    }
    return render(
        request, "courses/checkin_answer.html", context, status=400 if form.errors else 200
    )


@login_required
@require_POST
def tightness_report(request: AuthenticatedRequest, session_id: int) -> HttpResponse:
    session = get_own_session(request.user, session_id)
    form = TightnessForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose the day the tightness came back.")
    else:
        try:
            report_tightness(
                actor=request.user, session=session, on=form.cleaned_data["on"], request=request
            )
        except CourseError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Thank you. This helps plan your next session.")
    return redirect("my_record")


@login_required
def home_care(request: AuthenticatedRequest, session_id: int) -> HttpResponse:
    """The printable home-care sheet: the self-care advice of each muscle given as home care."""
    session = fetch_or_404(
        request, sessions_with_therapist(), session_id, read="home_care", what="session"
    )
    base = knowledge.load()
    muscles = [
        base.muscle(muscle_id) for muscle_id in session.home_care if muscle_id in base.muscles
    ]
    context = {"session": session, "patient": session.course.patient, "muscles": muscles}
    return render(request, "courses/home_care.html", context)
