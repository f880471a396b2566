"""The patient page's documents panel shows the latest 20 and says how many there are, with a
link to the whole list, a page at a time; nothing is cut silently."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from knotwork.audit.models import AuditEntry
from knotwork.reports.models import Report, ReportKind, ReportStatus
from tests.conftest import Personas, patient_page
from tests.reports.conftest import client_of


def made(personas: Personas, count: int) -> list[Report]:
    """`count` pain-map prints, one a day, the newest last."""
    start = timezone.now() - timedelta(days=count)
    reports = Report.objects.bulk_create(
        Report(
            patient=personas.patient,
            kind=ReportKind.PAIN_MAP,
            title=f"Print number {n}",
            status=ReportStatus.DONE,
            created_by=personas.therapist_a,
        )
        for n in range(1, count + 1)
    )
    for n, report in enumerate(reports):
        Report.objects.filter(pk=report.pk).update(created_at=start + timedelta(days=n))
    return reports


def test_the_panel_shows_the_latest_20_of_all_and_links_to_the_list(personas: Personas) -> None:
    made(personas, 55)
    therapist = client_of(personas.therapist_a)
    patient_id = personas.patient.pk

    # The page as the browser shows it, the documents panel loaded (lazily or with the page).
    page = patient_page(therapist, patient_id)

    assert "The latest 20 of 55." in page
    assert f'href="/patients/{patient_id}/documents/"' in page
    assert "Print number 55" in page and "Print number 36" in page
    assert "Print number 35<" not in page
    # The whole list, newest first, 50 a page with the pager.
    first = therapist.get(f"/patients/{patient_id}/documents/").content.decode()
    assert "1–50 of 55" in first and "Print number 55" in first and "Print number 6<" in first
    assert "Print number 5<" not in first and 'rel="next"' in first
    second = therapist.get(f"/patients/{patient_id}/documents/?page=2").content.decode()
    assert "51–55 of 55" in second and "Print number 1<" in second
    assert "Print number 6<" not in second
    reads = AuditEntry.objects.filter(
        subject="documents", action="read", patient_id=personas.patient.pk
    )
    assert reads.count() == 2


def test_a_short_list_says_nothing_more(personas: Personas) -> None:
    made(personas, 3)

    html = patient_page(client_of(personas.therapist_a), personas.patient.pk)

    assert "Print number 3" in html and "The latest 3 of" not in html
    assert f"/patients/{personas.patient.pk}/documents/" not in html
