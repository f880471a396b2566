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

from knotwork.domain import knowledge
from knotwork.domain.knowledge import KnowledgeBase
from knotwork.domain.referral import cover, learning, scoring
from knotwork.domain.referral.patterns import FIT_EXPONENT, prepared
from knotwork.finder.presenters import ZONE_WORDS, credit_words

# Why each credit, in the words of docs/finder.md ("How a pattern is scored"). Sources are named
# in words (reference B.1 and B.8.7 here), never by section or key.
CREDIT_REASONS = {
    "essential": (
        "felt by nearly every patient with an active trigger point "
        "(Travell & Simons' essential zone)"
    ),
    "spillover": (
        "felt by some patients only, so weaker evidence (Travell & Simons' spillover zone)"
    ),
    "site_spillover": (
        "two independent reasons to hurt, combined as probabilities: "
        f"1 - (1 - {scoring.SITE_WEIGHT:g}) x (1 - {scoring.SPILLOVER_WEIGHT:g})"
    ),
    "site": (
        "local tenderness belongs to every trigger point, but a pain drawing records mostly "
        "referred pain; the clinical reference's notes on the trigger-point table propose "
        "counting it like spillover"
    ),
    "adjacent": (
        "a region touching the essential zone on the body map (the adjacent-region hit of the "
        "clinical reference's suggested scoring); on its own it never makes a pattern a candidate"
    ),
}


def _examples(kb: KnowledgeBase) -> list[tuple[str, int, str]]:
    """A few answers with how many muscles list them and their specificity, most specific first:
    the numbers the page's explanation of the history stands on."""
    weights = prepared(kb).specificity
    listing = {
        term: sum(
            1
            for m in kb.muscles.values()
            if any(term in (*tp.factors, *tp.features) for tp in m.trigger_points)
        )
        for term in weights
    }
    labels = {**kb.factor_vocabulary(), **kb.feature_vocabulary()}
    ordered = sorted(weights, key=lambda term: (-weights[term], labels.get(term, term)))
    # The most specific, a middle one and the least specific: the range, not a selection.
    picks = [ordered[0], ordered[len(ordered) // 2], ordered[-1]] if len(ordered) > 2 else ordered
    return [(labels.get(t, t), listing[t], f"{weights[t]:.2f}") for t in picks]


def _fraction(value: float) -> str:
    return str(Fraction(value).limit_denominator(12))


@login_required
@require_GET
def scoring_page(request: HttpRequest) -> HttpResponse:
    kb = knowledge.load()
    credits = [
        (ZONE_WORDS[zone], f"{scoring.CREDIT[zone]:g}", credit_words(zone), CREDIT_REASONS[zone])
        for zone in ZONE_WORDS
    ]
    context = {
        "credits": credits,
        "coverage_exponent": _fraction(scoring.COVERAGE_EXPONENT),
        "fit_exponent": _fraction(FIT_EXPONENT),
        "confidence_weights": [(k, f"{w:g}") for k, w in scoring.CONFIDENCE_WEIGHT.items()],
        "history_weight": f"{scoring.HISTORY_WEIGHT:g}",
        "muscle_count": len(kb.muscles),
        "examples": _examples(kb),
        "max_cover": cover.MAX_COVER,
        "min_gain_percent": round(cover.MIN_GAIN * 100),
        "prior_weight": learning.PRIOR_WEIGHT,
        "similar_percent": round(learning.SIMILAR * 100),
    }
    return render(request, "finder/scoring.html", context)
