"""API: a course's progress report for the physician, as a PDF made for this request."""

from __future__ import annotations

from django.http import HttpResponse
from ninja import Router

from knotwork.common.errors import responses
from knotwork.common.requests import AuthenticatedRequest
from knotwork.courses.querysets import get_course_for_staff
from knotwork.reports.responses import pdf_response
from knotwork.reports.services import download_name, make_progress_report_now

router = Router(tags=["reports"])

PDF_RESPONSE = {
    "responses": {
        200: {
            "description": "The progress report for the physician (application/pdf).",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


@router.get(
    "/courses/{course_id}/report",
    response=responses(None),
    summary="A course's progress report for the physician (PDF)",
    description=(
        "Made now from the course as it stands: identity, physician, complaint, red flags and "
        "clearances, pain maps, trigger points examined and treated, sessions, outcome measures "
        "with their MCID verdicts, the review and its decision, aftercare answers. Clinic "
        "staff only; every report made is audited and kept among the patient's documents."
    ),
    openapi_extra=PDF_RESPONSE,
)
def course_report(request: AuthenticatedRequest, course_id: int) -> HttpResponse:
    course = get_course_for_staff(request.user, course_id)
    report = make_progress_report_now(
        actor=request.user, course=course, via="the API", request=request
    )
    data = report.content()
    return pdf_response(data, download_name(report))
