"""The "Trigger points to examine" page of a stored pain map, and recording palpation there."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from knotwork.common.errors import add_to_form
from knotwork.common.requests import AuthenticatedRequest
from knotwork.domain import knowledge
from knotwork.domain.bodymap.render import render_svg
from knotwork.finder.forms import PalpationForm
from knotwork.finder.learning import learning_clinic
from knotwork.finder.presenters import (
    CONFIDENCE_WORDS,
    candidate_views,
    cover_view,
    overlay_for,
    side_words,
)
from knotwork.finder.querysets import findings_of, latest_by_trigger_point
from knotwork.finder.ranking import page_context, rank_stored
from knotwork.finder.services import FindingRefused, record_palpation_finding
from knotwork.painmaps.models import PainMapRecord
from knotwork.painmaps.querysets import get_pain_map_for_staff
from knotwork.patients.querysets import fetch_or_404

# How many candidates the page lists; the cover is computed from all of them regardless.
SHOWN = 12
MAP_WIDTH = 560


def _chosen(params: Any) -> tuple[str, str, str] | None:
    """The trigger point picked on the page, if it names one of the knowledge base."""
    muscle_id = params.get("muscle", "")
    tp_id = params.get("trigger_point", "")
    side = params.get("side", "")
    muscle = knowledge.load().muscles.get(muscle_id)
    if muscle is None:
        return None
    tp = next((t for t in muscle.trigger_points if t.id == tp_id), None)
    if tp is None or side not in [p.side for p in tp.patterns]:
        return None
    return muscle_id, tp_id, side


def _context(
    request: AuthenticatedRequest,
    stored: PainMapRecord,
    chosen: tuple[str, str, str] | None,
    form: PalpationForm | None = None,
) -> dict[str, Any]:
    kb = knowledge.load()
    ranking = page_context(stored.patient, request.GET)
    learns = learning_clinic(request, stored.patient)
    result = rank_stored(
        stored,
        {"factors": list(ranking.factors), "features": list(ranking.features), "top": SHOWN},
        learn_in=learns.pk if learns else None,
    )
    painful = stored.to_domain().painful
    cover = cover_view(result, painful)
    findings = findings_of(stored.patient)
    latest = latest_by_trigger_point(findings)
    candidates = [
        (c, latest.get((c.muscle, c.trigger_point, c.side))) for c in candidate_views(result)
    ]
    overlay = None
    selected = None
    earlier = []
    chosen_tp = None
    if chosen is not None:
        muscle_id, tp_id, side = chosen
        overlay = overlay_for(muscle_id, tp_id, side)
        chosen_tp = kb.muscle(muscle_id).trigger_point(tp_id)
        selected = next(
            (c for c, _ in candidates if (c.muscle, c.trigger_point, c.side) == chosen), None
        )
        earlier = [f for f in findings if (f.muscle, f.trigger_point) == (muscle_id, tp_id)]
        if form is None:
            form = PalpationForm(
                initial={"muscle": muscle_id, "trigger_point": tp_id, "side": side}
            )
    return {
        "pain_map": stored,
        "patient": stored.patient,
        "candidates": candidates,
        # One pick that explains everything is the first candidate already: no list for it.
        "cover": cover if cover.items and (len(cover.items) > 1 or not cover.whole) else None,
        "painful_count": len(painful),
        "chosen": chosen,
        "chosen_title": overlay.label if overlay else "",
        "chosen_tp": chosen_tp,
        "chosen_side": side_words(chosen[2]) if chosen else "",
        "selected": selected,
        "earlier": earlier,
        "form": form,
        "svg": render_svg(
            stored.to_domain(),
            overlay,
            title=f"Pain map of {stored.drawn_at:%d %b %Y}",
            width=MAP_WIDTH,
        ),
        "factor_choices": list(kb.factor_vocabulary().items()),
        "feature_choices": list(kb.feature_vocabulary().items()),
        "ranking": ranking,
        "factors": ranking.factors,
        "features": ranking.features,
        "factor_labels": [kb.factor_vocabulary()[f] for f in ranking.factors],
        "feature_labels": [kb.feature_vocabulary()[f] for f in ranking.features],
        "intake_factor_labels": [kb.factor_vocabulary()[f] for f in ranking.intake.factors],
        "intake_feature_labels": [kb.feature_vocabulary()[f] for f in ranking.intake.features],
        "factor_query": ranking.query(),
        "chosen_count": len(ranking.factors) + len(ranking.features),
        "confidence_words": CONFIDENCE_WORDS,
        "learning": learns is not None,
    }


def _wants_fragment(request: AuthenticatedRequest) -> bool:
    """htmx asks for the detail panel only; a history restore after a cache miss needs the page."""
    return bool(request.headers.get("HX-Request")) and not request.headers.get(
        "HX-History-Restore-Request"
    )


@login_required
@require_GET
def candidates_page(request: AuthenticatedRequest, pain_map_id: int) -> HttpResponse:
    stored = fetch_or_404(
        request,
        PainMapRecord.objects.all(),
        pain_map_id,
        read="pain_map_candidates",
        staff_only=True,
        what="pain map",
    )
    # Ranking, cover and drawing each read the marks: loaded once here.
    prefetch_related_objects([stored], "marks")
    chosen = _chosen(request.GET)
    context = _context(request, stored, chosen)
    if _wants_fragment(request):
        return render(request, "finder/_detail.html", context)
    return render(request, "finder/candidates.html", context)


@login_required
@require_POST
def record_palpation(request: AuthenticatedRequest, pain_map_id: int) -> HttpResponse:
    stored = get_pain_map_for_staff(request.user, pain_map_id)
    form = PalpationForm(request.POST)
    chosen = _chosen(request.POST)
    if form.is_valid():
        try:
            record_palpation_finding(
                actor=request.user,
                patient=stored.patient,
                finding=form.finding(),
                pain_map=stored,
                request=request,
            )
        except FindingRefused as refused:
            add_to_form(form, refused)
    if form.is_valid():
        if not _wants_fragment(request):
            messages.success(request, "Palpation finding recorded.")
            keys = ("muscle", "trigger_point", "side")
            query = urlencode(dict(zip(keys, chosen, strict=True)) if chosen else {})
            url = reverse("finder_candidates", kwargs={"pain_map_id": stored.pk})
            return redirect(f"{url}?{query}" if query else url)
        context = _context(request, stored, chosen)
        context["saved"] = True
        return render(request, "finder/_detail.html", context)
    context = _context(request, stored, chosen, form)
    if _wants_fragment(request):
        # htmx swaps only 2xx answers by default, so the form with its errors comes back as 200.
        return render(request, "finder/_detail.html", context)
    return render(request, "finder/candidates.html", context, status=400)
