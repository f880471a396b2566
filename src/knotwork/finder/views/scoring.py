"""The "How the trigger points are ranked" page: the finder's rule in words, with its numbers.

Linked from every candidate's numbers. The numbers are read from the domain's constants, so the
page can never say another rule than the one that ranked the list. It holds no patient data:
any logged-in user may read it, like the muscle pages.
"""

from __future__ import annotations

from fractions import Fraction

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from knotwork.domain.referral import cover, scoring
from knotwork.domain.referral.patterns import FIT_EXPONENT
from knotwork.finder.presenters import ZONE_WORDS, credit_words

# Why each credit, in the words of docs/finder.md ("How a pattern is scored").
CREDIT_REASONS = {
    "essential": "felt by nearly every patient with an active trigger point (reference B.1)",
    "spillover": "felt by some patients only, so weaker evidence (reference B.1)",
    "site_spillover": (
        "two independent reasons to hurt, combined as probabilities: "
        f"1 - (1 - {scoring.SITE_WEIGHT:g}) x (1 - {scoring.SPILLOVER_WEIGHT:g})"
    ),
    "site": (
        "local tenderness belongs to every trigger point, but a pain drawing records mostly "
        "referred pain; reference B.8.7 proposes counting it like spillover"
    ),
    "adjacent": (
        "a region touching the essential zone on the body map (reference B.1's adjacent-region "
        "hit); on its own it never makes a pattern a candidate"
    ),
}


def _fraction(value: float) -> str:
    return str(Fraction(value).limit_denominator(12))


@login_required
@require_GET
def scoring_page(request: HttpRequest) -> HttpResponse:
    credits = [
        (ZONE_WORDS[zone], f"{scoring.CREDIT[zone]:g}", credit_words(zone), CREDIT_REASONS[zone])
        for zone in ZONE_WORDS
    ]
    context = {
        "credits": credits,
        "coverage_exponent": _fraction(scoring.COVERAGE_EXPONENT),
        "fit_exponent": _fraction(FIT_EXPONENT),
        "confidence_weights": [(k, f"{w:g}") for k, w in scoring.CONFIDENCE_WEIGHT.items()],
        "boost": f"{scoring.FACTOR_BOOST:g}",
        "max_boost": f"{scoring.MAX_BOOST:g}",
        "max_cover": cover.MAX_COVER,
        "min_gain_percent": round(cover.MIN_GAIN * 100),
    }
    return render(request, "finder/scoring.html", context)
