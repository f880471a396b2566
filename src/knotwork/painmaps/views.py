"""Pages to draw, revisit and compare pain maps: for staff, for a logged-in patient, and by link."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from knotwork.clinics.querysets import is_staff_of
from knotwork.common.links import base_url
from knotwork.common.pagination import page_of
from knotwork.common.requests import AuthenticatedRequest
from knotwork.common.spreadsheets import SafeWriter
from knotwork.domain import anatomy
from knotwork.domain.painmap import (
    NO_PAIN_QUESTION,
    InvalidPainMap,
    NoPainAnswerNeeded,
    PainMap,
    check_recordable,
    parse_marks,
)
from knotwork.painmaps.models import DrawnVia, PainMapRecord
from knotwork.painmaps.presenters import history, map_view, trend_charts, widget_html
from knotwork.painmaps.services import (
    DrawingLinkError,
    PainMapRefused,
    create_drawing_link,
    find_drawing_link,
    record_pain_map,
    record_pain_map_by_link,
)
from knotwork.patients.models import Patient
from knotwork.patients.querysets import fetch_or_404, get_patient_for_staff

if TYPE_CHECKING:
    from knotwork.accounts.models import User
    from knotwork.patients.models import Patient


def _parse_marks(request: HttpRequest) -> list[object]:
    try:
        raw = json.loads(request.POST.get("marks") or "[]")
    except json.JSONDecodeError:
        raise PainMapRefused() from None
    if not isinstance(raw, list):
        raise PainMapRefused()
    return raw


def _no_pain(request: HttpRequest) -> bool:
    """The answer "yes, no pain anywhere today" (the question's button, or the script's field)."""
    return request.POST.get("no_pain") in ("1", "yes", "true", "on")


def _unsaved(request: HttpRequest) -> PainMap | None:
    """What the refused drawing marked, to show again: nothing drawn is lost to a refusal."""
    try:
        return parse_marks(_parse_marks(request))
    except (InvalidPainMap, PainMapRefused):
        return None


def _refusal(request: HttpRequest, error: PainMapRefused) -> tuple[list[str], bool]:
    """The messages of a refused drawing, and whether it was refused only for marking no pain
    (then the page asks "No pain anywhere today?" instead of listing an error).

    The question is told by the domain's rule on the posted drawing itself, not by the type of
    the refusal, so a writer that wraps its refusals keeps the question.
    """
    try:
        check_recordable(parse_marks(_parse_marks(request), no_pain=_no_pain(request)))
    except NoPainAnswerNeeded:
        return [], True
    except (InvalidPainMap, PainMapRefused):
        pass
    found = [f"{field}: {message}" for field, message in error.errors]
    return found or ["The drawing could not be read; try again."], False


def _safe_next(request: HttpRequest) -> str | None:
    """The `next` address to return to after saving, when it stays on this site.

    The intake's pain-map step links here with `?next=<its own address>` so that the patient
    comes back to the intake; anything pointing elsewhere is ignored (no open redirect).
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def _last_map(patient: Patient) -> PainMap | None:
    """The last map with pain, for "Copy my last map": a day without pain has nothing to copy."""
    latest = patient.pain_maps.filter(no_pain=False).prefetch_related("marks").first()
    return latest.to_domain() if latest else None


def _draw(
    request: HttpRequest,
    patient: Patient,
    *,
    actor: User,
    via: DrawnVia,
    done_url: str,
    template_context: dict[str, Any],
) -> HttpResponse:
    """Show the drawing widget; on POST store the whole map or nothing, explaining what is wrong.

    A drawing with no painful region comes back with the question "No pain anywhere today?"
    (400), whose yes records a no-pain map; the script asks the same before sending.
    """
    refused: PainMapRefused | None = None
    if request.method == "POST":
        try:
            no_pain = _no_pain(request)
            record_pain_map(
                actor=actor,
                patient=patient,
                marks=_parse_marks(request),
                note=request.POST.get("note", ""),
                no_pain=no_pain,
                via=via,
                request=request,
            )
        except PainMapRefused as error:
            refused = error
        else:
            messages.success(request, "Saved: no pain today." if no_pain else "Pain map saved.")
            return redirect(_safe_next(request) or done_url)
    return _draw_page(request, patient, refused, _last_map(patient), template_context)


def _draw_page(
    request: HttpRequest,
    patient: Patient,
    refused: PainMapRefused | None,
    last_map: PainMap | None,
    template_context: dict[str, Any],
) -> HttpResponse:
    """The drawing page: empty, or after a refusal with what was marked and what is wrong (400)."""
    errors, ask_no_pain = _refusal(request, refused) if refused is not None else ([], False)
    context = {
        "patient": patient,
        "widget": mark_safe(
            widget_html(_unsaved(request) if refused is not None else None, last_map=last_map)
        ),
        "errors": errors,
        "ask_no_pain": ask_no_pain,
        "no_pain_question": NO_PAIN_QUESTION,
        "note": request.POST.get("note", ""),
        **template_context,
    }
    status = 400 if errors or ask_no_pain else 200
    return render(request, "painmaps/draw.html", context, status=status)


@login_required
def staff_draw(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    patient = get_patient_for_staff(request.user, patient_id)
    return _draw(
        request,
        patient,
        actor=request.user,
        via=DrawnVia.CLINIC,
        done_url=reverse("pain_map_history", args=[patient.pk]),
        template_context={"for_staff": True},
    )


@login_required
def my_draw(request: AuthenticatedRequest) -> HttpResponse:
    patient = getattr(request.user, "patient_record", None)
    if patient is None:
        raise Http404("No patient record belongs to this login.")
    return _draw(
        request,
        patient,
        actor=request.user,
        via=DrawnVia.PATIENT,
        done_url=reverse("my_record"),
        # Leaving without saving goes back where the patient came from (the intake or My page).
        template_context={"back_url": _safe_next(request) or reverse("my_record")},
    )


def link_draw(request: HttpRequest, token: str) -> HttpResponse:
    """Draw through a one-time link: no login; the link is used up when the map is saved."""
    try:
        link = find_drawing_link(token)
    except DrawingLinkError as error:
        return render(request, "painmaps/link_invalid.html", {"reason": str(error)}, status=410)
    refused: PainMapRefused | None = None
    if request.method == "POST":
        try:
            no_pain = _no_pain(request)
            record_pain_map_by_link(
                token=token,
                marks=_parse_marks(request),
                note=request.POST.get("note", ""),
                no_pain=no_pain,
                request=request,
            )
        except PainMapRefused as error:
            refused = error
        except DrawingLinkError as error:
            return render(request, "painmaps/link_invalid.html", {"reason": str(error)}, status=410)
        else:
            return render(
                request,
                "painmaps/link_done.html",
                {"clinic": link.patient.clinic, "no_pain": no_pain},
            )
    return _draw_page(request, link.patient, refused, None, {"by_link": True})


@login_required
@require_POST
def send_drawing_link(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    patient = get_patient_for_staff(request.user, patient_id)
    # The mailed link starts with KNOTWORK_BASE_URL, as every mail's does.
    token = create_drawing_link(actor=request.user, patient=patient, base_url=base_url())
    url = request.build_absolute_uri(reverse("link_draw", args=[token]))
    sent = f" It was emailed to {patient.email}." if patient.email else ""
    messages.success(
        request,
        f"One-time drawing link for {patient.given_name} (valid 72 hours): {url}.{sent}",
    )
    return redirect("pain_map_history", patient_id=patient.pk)


@login_required
def pain_map_history(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    patient = fetch_or_404(request, Patient.objects.all(), patient_id, read="pain_maps")
    # 24 maps a page, newest first; the charts show the page's maps, older pages go further back.
    listing = page_of(
        request, patient.pain_maps.prefetch_related("marks").select_related("drawn_by"), 24
    )
    views = history(list(listing.page))
    context = {
        "patient": patient,
        "views": views,
        "listing": listing,
        # Built from numbers and escaped labels only.
        "charts": [mark_safe(chart) for chart in trend_charts(views)],
        "is_staff_view": patient.user_id != request.user.pk,
    }
    return render(request, "painmaps/history.html", context)


@login_required
def pain_map_detail(request: AuthenticatedRequest, pain_map_id: int) -> HttpResponse:
    record = fetch_or_404(
        request, PainMapRecord.objects.all(), pain_map_id, read="pain_map", what="pain map"
    )
    view = map_view(record, width=640)
    return render(
        request,
        "painmaps/detail.html",
        {
            "view": view,
            "patient": record.patient,
            "svg": mark_safe(view.svg),
            # Staff see the link to the trigger points to examine; the patient does not.
            "is_staff_view": is_staff_of(request, record.patient.clinic_id),
        },
    )


@login_required
def pain_map_svg(request: AuthenticatedRequest, pain_map_id: int) -> HttpResponse:
    """The picture alone, for reports and other pages (no JavaScript needed)."""
    record = fetch_or_404(
        request, PainMapRecord.objects.all(), pain_map_id, read="pain_map", what="pain map"
    )
    return HttpResponse(map_view(record, width=640).svg, content_type="image/svg+xml")


@login_required
def pain_maps_csv(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    """Every mark of every map, one row each (a no-pain map without marks: one row with no
    region), for the patient's physician or a spreadsheet."""
    patient = fetch_or_404(request, Patient.objects.all(), patient_id, read="pain_maps_csv")
    response = HttpResponse(content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="pain-maps-{patient.pk}.csv"'
    writer = SafeWriter(response)
    writer.writerow(
        [
            "drawn_at",
            "drawn_via",
            "region",
            "region_label",
            "intensity",
            "quality",
            "note",
            "no_pain",
        ]
    )
    for record in patient.pain_maps.prefetch_related("marks"):
        marks = list(record.marks.all())
        if not marks:
            # A day without pain has no mark; its row keeps it in the spreadsheet.
            writer.writerow(
                [record.drawn_at.isoformat(), record.drawn_via, "", "", "", "", record.note, "yes"]
            )
        for mark in marks:
            writer.writerow(
                [
                    record.drawn_at.isoformat(),
                    record.drawn_via,
                    mark.region,
                    anatomy.region(mark.region).full_label,
                    mark.intensity,
                    mark.quality,
                    record.note,
                    "yes" if record.no_pain else "no",
                ]
            )
    return response
