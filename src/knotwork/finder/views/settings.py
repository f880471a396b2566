"""The finder's clinic setting (admins): whether the ranking learns from the clinic's own
palpation findings (docs/finder.md, "Learning from the clinic's findings")."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from knotwork.clinics.querysets import require_admin
from knotwork.common.requests import AuthenticatedRequest
from knotwork.domain.referral.learning import PRIOR_WEIGHT, SIMILAR
from knotwork.finder.forms import LearningForm
from knotwork.finder.services import set_learning


@login_required
def finder_settings(request: AuthenticatedRequest) -> HttpResponse:
    clinic = require_admin(request).clinic
    form = LearningForm(
        request.POST if request.method == "POST" else None,
        initial={"learn_from_findings": clinic.learn_from_findings},
    )
    if request.method == "POST" and form.is_valid():
        wanted = form.cleaned_data["learn_from_findings"]
        if set_learning(actor=request.user, clinic=clinic, on=wanted, request=request):
            messages.success(
                request,
                "The finder now also weighs this clinic's palpation findings for similar maps."
                if wanted
                else "The finder now ranks by the reference's patterns alone.",
            )
        return redirect("finder_settings")
    context = {
        "clinic": clinic,
        "form": form,
        "prior_weight": PRIOR_WEIGHT,
        "similar_percent": round(SIMILAR * 100),
    }
    return render(request, "finder/settings.html", context)
