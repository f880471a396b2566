"""Staff pages of a course: start it, the course page, the review decision, ending, summary."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from knotwork.common.errors import Refusal, add_to_form
from knotwork.common.forms import text_checked_by_forms
from knotwork.common.requests import AuthenticatedRequest
from knotwork.courses import presenters
from knotwork.courses.forms import (
    BookForm,
    DecisionForm,
    EndCourseForm,
    StartCourseForm,
)
from knotwork.courses.models import Course
from knotwork.courses.querysets import (
    clinic_therapists,
    courses_with_therapist,
    disability_instrument_for,
    dominant_pain_type,
    get_course_for_staff,
    get_review_for_staff,
)
from knotwork.courses.services import (
    CourseError,
    decide_review,
    end_course,
    first_free,
    slots_on,
    start_course,
)
from knotwork.domain import outcomes
from knotwork.intake.models import ClinicAlert
from knotwork.intake.services import gate_for
from knotwork.patients.querysets import fetch_or_404, get_patient_for_staff


@login_required
@text_checked_by_forms
def course_start(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    patient = get_patient_for_staff(request.user, patient_id)
    today = timezone.localdate()
    gate = gate_for(patient, "start_course", on=today)
    suggested = disability_instrument_for(dominant_pain_type(patient))
    # The next free time with the therapist starting the course, within the next four weeks.
    free = first_free(patient.clinic, request.user, [today + timedelta(days=n) for n in range(28)])
    initial = {
        "starts_at": timezone.localtime(free).strftime("%Y-%m-%dT%H:%M") if free else None,
        "disability_instrument": suggested,
    }
    form = StartCourseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        starts_at = data.pop("starts_at")
        try:
            course = start_course(
                actor=request.user,
                patient=patient,
                start_date=timezone.localdate(starts_at),
                starts_at=starts_at,
                today=today,
                request=request,
                **data,
            )
        except Refusal as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(request, "Course started.")
            return redirect("course_detail", course_id=course.pk)
    context = {"patient": patient, "form": form, "gate": gate}
    return render(request, "courses/course_start.html", context, status=400 if form.errors else 200)


@dataclass(frozen=True, slots=True)
class RefusedBooking:
    """A booking the rules refused, shown again in its session's row with the errors (and the
    reason field when the refusal was the minimum gap)."""

    number: int
    form: BookForm
    gap: bool


@login_required
def course_detail(request: AuthenticatedRequest, course_id: int) -> HttpResponse:
    course = fetch_or_404(
        request, courses_with_therapist(), course_id, read="course", staff_only=True
    )
    return course_page(request, course)


def course_page(
    request: AuthenticatedRequest,
    course: Course,
    *,
    refused: RefusedBooking | None = None,
    status: int = 200,
) -> HttpResponse:
    """The course page (its read audited by the caller's fetch); with `refused`, the booking
    form that failed, with its errors (422)."""
    today = timezone.localdate()
    presenters.load(course)
    if course.therapist_id == request.user.pk:
        course.therapist = request.user  # the page names the course's therapist: often the viewer
    rows = presenters.session_rows(course)
    following = presenters.next_session(course, today)
    slots = []
    if following is not None and following[1].on is not None and course.is_active:
        slots = slots_on(course.patient.clinic, course.therapist, following[1].on)[:6]
    context = {
        "course": course,
        "patient": course.patient,
        "progress": presenters.progress(course, today),
        "rows": rows,
        "next": following,
        "slots": slots,
        "therapists": clinic_therapists(course.patient.clinic),
        "reviews": list(course.reviews.all()),
        "current_rule": outcomes.CURRENT_RULE,
        "charts": presenters.charts(course),
        "decision_form": DecisionForm(),
        "end_form": EndCourseForm(),
        "book_form": BookForm(),
        "refused": refused,
        "alerts": [row.check_in for row in rows if row.check_in and row.check_in.alert_reasons],
        # The dashboard's items that this page resolves: marked seen here.
        "open_alerts": ClinicAlert.objects.filter(
            patient=course.patient, link=request.path, acknowledged_at=None
        ),
    }
    return render(request, "courses/course_detail.html", context, status=status)


@login_required
@require_POST
def review_decide(request: AuthenticatedRequest, review_id: int) -> HttpResponse:
    review = get_review_for_staff(request.user, review_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose continue, refer or end.")
    else:
        try:
            decide_review(actor=request.user, review=review, request=request, **form.cleaned_data)
        except CourseError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Decision recorded.")
    return redirect("course_detail", course_id=review.course_id)


@login_required
@require_POST
def course_end(request: AuthenticatedRequest, course_id: int) -> HttpResponse:
    course = get_course_for_staff(request.user, course_id)
    form = EndCourseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say why the course ends.")
    else:
        try:
            end_course(
                actor=request.user,
                course=course,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except CourseError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Course ended.")
    return redirect("course_detail", course_id=course.pk)


@login_required
def course_summary(request: AuthenticatedRequest, course_id: int) -> HttpResponse:
    course = fetch_or_404(
        request, courses_with_therapist(), course_id, read="course_summary", staff_only=True
    )
    context = {
        "course": course,
        "patient": course.patient,
        "summary": presenters.summary(course),
        "current_rule": outcomes.CURRENT_RULE,
        "charts": presenters.charts(course),
        "progress": presenters.progress(course, timezone.localdate()),
    }
    return render(request, "courses/course_summary.html", context)
