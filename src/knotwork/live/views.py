"""Pages of live feedback: open it for a patient, the therapist's screen, the phone's page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from knotwork.common.requests import AuthenticatedRequest
from knotwork.intake.services.safety import GateClosed
from knotwork.live import presenters, services
from knotwork.live.forms import JoinCodeForm, StartLiveForm
from knotwork.live.models import LiveSession
from knotwork.live.presenters import qr_svg
from knotwork.live.querysets import get_live_for_staff
from knotwork.live.throttle import allow_code_try
from knotwork.live.tokens import JoinRefused, make_join_token, read_join_token
from knotwork.live.trigger_points import choices, label
from knotwork.patients.querysets import fetch_or_404, get_patient_for_staff


@login_required
@require_POST
def live_start(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    patient = get_patient_for_staff(request.user, patient_id)
    form = StartLiveForm(request.POST, patient=patient)
    if not form.is_valid():
        messages.error(
            request,
            "Live feedback not opened: "
            + "; ".join(str(e) for e in form.non_field_errors() or ["check the target window"]),
        )
        return redirect("patient_detail", patient_id=patient.pk)
    try:
        live = services.start_live_session(
            actor=request.user,
            patient=patient,
            plan=form.cleaned_data["plan"],
            window=form.cleaned_data["window"],
            treatment_session=form.cleaned_data["treatment_session"],
            request=request,
        )
    except GateClosed as closed:
        context = {"patient": patient, "decision": closed.decision}
        return render(request, "live/gate_closed.html", context, status=409)
    return redirect("live_screen", live_id=live.pk)


@login_required
def live_screen(request: AuthenticatedRequest, live_id: int) -> HttpResponse:
    """The therapist's screen; once ended, the session's record of traces."""
    live = fetch_or_404(
        request, LiveSession.objects.all(), live_id, read="live_session", staff_only=True
    )
    join_url = request.build_absolute_uri(
        reverse("live_join", kwargs={"token": make_join_token(live.pk, live.patient_id)})
    )
    context = {
        "live": live,
        "patient": live.patient,
        "join_url": join_url,
        "qr": qr_svg(join_url) if live.is_open else "",
        "code_url": request.build_absolute_uri(reverse("live_code")),
        "summary": live.summary if not live.is_open else services.summary_of(live),
        "plan": [(tp, label(tp)) for tp in live.plan],
        "plan_ids": list(live.plan),
        "targets": presenters.targets(live),
        "all_points": choices(),
    }
    return render(request, "live/screen.html", context)


@login_required
def live_summary(request: AuthenticatedRequest, live_id: int) -> HttpResponse:
    """The per trigger point record so far, as the screen's table (fetched after each command)."""
    live = fetch_or_404(
        request, LiveSession.objects.all(), live_id, read="live_summary", staff_only=True
    )
    summary = live.summary if not live.is_open else services.summary_of(live)
    return render(request, "live/_summary.html", {"summary": summary})


@login_required
@require_POST
def live_end(request: AuthenticatedRequest, live_id: int) -> HttpResponse:
    live = get_live_for_staff(request.user, live_id)
    services.end_live_session(actor=request.user, live=live)
    messages.success(request, "Live feedback ended; its traces are part of the record.")
    return redirect("live_screen", live_id=live.pk)


def live_join(request: HttpRequest, token: str) -> HttpResponse:
    """The patient's phone page, opened from the QR code; no login, the token is the key."""
    try:
        claim = read_join_token(token)
        live = LiveSession.objects.filter(
            pk=claim.live_session_id, patient_id=claim.patient_id
        ).first()
        if live is None:
            raise JoinRefused("This link is not valid. Ask your therapist for a new code.", 4401)
        if not live.is_open:
            raise JoinRefused("This live session has ended. Thank you.", JoinRefused.GONE)
    except JoinRefused as refusal:
        return render(request, "live/phone_refused.html", {"reason": refusal.reason}, status=410)
    context = {
        "token": token,
        "live": live,
        "ws_path": f"/ws/live/phone/{token}/",
        "scale": range(11),
    }
    return render(request, "live/phone.html", context)


def live_code(request: HttpRequest) -> HttpResponse:
    """Type the short code when the camera cannot read the QR code (ten tries a minute)."""
    form = JoinCodeForm(request.POST or None)
    if request.method == "POST" and not allow_code_try(request):
        refusal = "Too many tries. Wait a minute, then type the code shown by your therapist."
        context = {"form": JoinCodeForm(), "refusal": refusal}
        return render(request, "live/code.html", context, status=429)
    if request.method == "POST" and form.is_valid():
        try:
            live = services.find_by_code(form.cleaned_data["code"], form.cleaned_data["device"])
        except JoinRefused as refusal:
            form.add_error("code", refusal.reason)
        else:
            if live is not None:
                token = make_join_token(live.pk, live.patient_id)
                return redirect("live_join", token=token)
            form.add_error("code", "No open session has this code. Check it with your therapist.")
    return render(request, "live/code.html", {"form": form}, status=400 if form.errors else 200)
