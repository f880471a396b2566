"""The clinic insight page and its tables as CSV: staff of the clinic, the clinic's own data."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from knotwork.audit.models import AuditAction
from knotwork.audit.services import record_event
from knotwork.clinics.querysets import current_clinic
from knotwork.common.requests import AuthenticatedRequest
from knotwork.common.spreadsheets import SafeWriter
from knotwork.insight import presenters
from knotwork.insight.forms import InsightFilterForm


@login_required
def insight_page(request: AuthenticatedRequest) -> HttpResponse:
    clinic = current_clinic(request)
    form = InsightFilterForm(request.GET or None, clinic=clinic)
    shown = presenters.everything(form.filters())
    return render(
        request,
        "insight/page.html",
        {"form": form, "query": request.GET.urlencode(), **shown},
    )


@login_required
def insight_csv(request: AuthenticatedRequest, table: str) -> HttpResponse:
    """One table of the page (by its slug, with the page's filters) as CSV; the cells are the
    page's, so what the page hides the file hides."""
    clinic = current_clinic(request)
    form = InsightFilterForm(request.GET or None, clinic=clinic)
    if request.GET and not form.is_valid():
        return HttpResponse("Check the filters: " + form.errors.as_text(), status=400)
    found = presenters.table_for(form.filters(), table)
    if found is None:
        raise Http404("No such table.")
    record_event(
        actor=request.user,
        clinic=clinic,
        action=AuditAction.READ,
        subject="insight",
        subject_id=found.slug,
        detail=f"clinic insight table exported: {found.title}",
        request=request,
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="insight-{found.slug}.csv"'
    writer = SafeWriter(response)
    writer.writerow(found.columns)
    for row in found.rows:
        writer.writerow(row)
    return response
