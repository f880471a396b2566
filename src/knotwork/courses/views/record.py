"""The session record page: record a session, or amend it once signed (the history is kept).

Any number of trigger-point rows: "Add a trigger point" adds one (a plain submit without
JavaScript, a new row in place with it), each row's "Remove" takes it out. Errors are listed at
the top, each linking to its field, and stay beside the field too. A session's live-feedback
traces are shown beside the rows and pre-fill them while the record has no points yet.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from knotwork.common.errors import Refusal, add_to_form
from knotwork.common.requests import AuthenticatedRequest
from knotwork.courses import record
from knotwork.courses.forms import PointForm, SessionForm, choice_key, trigger_point_choices
from knotwork.courses.models import RECORD_FIELDS, TreatmentSession
from knotwork.courses.querysets import get_session_for_staff
from knotwork.courses.services import GateClosed, amend_session, record_session
from knotwork.intake.services import gate_for

MAX_POINTS = 30
PREFIX = "points"


def _point_initial(session: TreatmentSession) -> list[dict[str, Any]]:
    rows = []
    for point in session.points.all():
        row = point.snapshot()
        row["target"] = choice_key(point.chosen_from, point.muscle, point.trigger_point, point.side)
        rows.append(row)
    return rows


def _rows_posted(data: QueryDict) -> list[dict[str, Any]]:
    """The rows as typed, to show them again with one more (no validation: nothing is saved)."""
    try:
        total = min(int(data.get(f"{PREFIX}-TOTAL_FORMS", "0")), MAX_POINTS)
    except ValueError:
        total = 0
    rows = []
    for index in range(total):
        row = {
            name: data.get(f"{PREFIX}-{index}-{name}")
            for name in PointForm.base_fields
            if f"{PREFIX}-{index}-{name}" in data
        }
        if f"{PREFIX}-{index}-DELETE" in data:
            continue
        rows.append(row)
    return rows


def _formset(extra: int) -> type[forms.BaseFormSet[PointForm]]:
    return forms.formset_factory(
        PointForm,
        extra=extra,
        can_delete=True,
        max_num=MAX_POINTS,
        absolute_max=MAX_POINTS,
    )


@login_required
def session_record(request: AuthenticatedRequest, session_id: int) -> HttpResponse:
    session = get_session_for_staff(request.user, session_id)
    course = session.course
    patient = course.patient
    amending = session.is_signed
    target_choices = trigger_point_choices(patient)
    live_choices, live_rows = record.live_rows(session)
    if live_choices:
        target_choices = [("From live feedback", live_choices), *target_choices]
    initial_points = _point_initial(session) or live_rows
    initial = {name: getattr(session, name) for name in RECORD_FIELDS}
    # A reason given when the session was booked sooner than the gap stands until changed.
    initial["early_reason"] = session.early_reason
    initial["held_at"] = timezone.localtime(session.held_at or timezone.now()).strftime(
        "%Y-%m-%dT%H:%M"
    )
    kwargs = {"target_choices": target_choices}
    adding = request.method == "POST" and "add_point" in request.POST
    if adding:
        # Show what was typed again, unbound (nothing is checked or saved), with one more row.
        typed = _rows_posted(request.POST)
        typed_fields: dict[str, Any] = {
            k: v for k, v in request.POST.items() if k in SessionForm.base_fields
        }
        typed_fields["home_care"] = request.POST.getlist("home_care")
        form = SessionForm(initial=typed_fields, amending=amending)
        points = _formset(1)(initial=typed, prefix=PREFIX, form_kwargs=kwargs)
    else:
        form = SessionForm(request.POST or None, initial=initial, amending=amending)
        points = _formset(0 if initial_points else 1)(
            request.POST or None, initial=initial_points, prefix=PREFIX, form_kwargs=kwargs
        )
    day = timezone.localdate(session.held_at) if session.held_at else timezone.localdate()
    gate = gate_for(patient, "record_session", on=day)
    if request.method == "POST" and not adding and form.is_valid() and points.is_valid():
        treated = [
            p
            for p in (f.as_point() for f in points.forms if not f.cleaned_data.get("DELETE"))
            if p is not None
        ]
        values = {
            name: form.cleaned_data.get(name) for name in RECORD_FIELDS if name in form.cleaned_data
        }
        for name in ("techniques", "stretches", "subjective", "objective", "assessment", "plan"):
            values[name] = values.get(name) or ""
        try:
            if amending:
                amend_session(
                    actor=request.user,
                    session=session,
                    fields=values,
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
                    fields=values,
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
    problems = [] if adding or not form.is_bound else record.error_summary(form, points)
    context = {
        "session": session,
        "course": course,
        "patient": patient,
        "form": form,
        "points": points,
        "problems": problems,
        "traces": record.traces(session),
        "prefilled": bool(live_rows) and not session.points.exists(),
        "gate": gate,
        "amending": amending,
        "pre_session_link": reverse("pre_session_screen", kwargs={"patient_id": patient.pk}),
    }
    return render(request, "courses/session_record.html", context, status=400 if problems else 200)
