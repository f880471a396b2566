"""The physician's progress report: made in the background with its progress on the page,
holding every fact of the course, downloaded and mailed with an audit entry each time."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from knotwork.audit.models import AuditEntry
from knotwork.reports.models import Report, ReportStatus
from tests.reports.conftest import client_of, keep_first_page, pdf_pages, pdf_text

TASK = "knotwork.reports.tasks.make_report"


def run_worker() -> None:
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_it_makes_the_report_in_the_background_and_shows_its_progress(demo_course: Any) -> None:
    therapist = client_of(demo_course.therapist)

    asked = therapist.post(f"/courses/{demo_course.pk}/report/")

    report = Report.objects.get(kind="progress_report")
    assert asked.status_code == 302 and asked["Location"] == f"/reports/{report.pk}/"
    assert DBTaskResult.objects.filter(task_path=TASK, status="READY").count() == 1
    waiting = therapist.get(f"/reports/{report.pk}/").content.decode()
    assert "Waiting for the worker" in waiting and "<progress" in waiting
    # The fragment polls itself while the report is being made, and stops once it is ready.
    assert f'hx-get="/reports/{report.pk}/status/"' in waiting

    run_worker()

    report.refresh_from_db()
    assert report.status == ReportStatus.DONE and report.progress == 100 and report.pages >= 2
    fragment = therapist.get(f"/reports/{report.pk}/status/").content.decode()
    assert "hx-get" not in fragment and "Download PDF" in fragment
    made = AuditEntry.objects.filter(subject="progress_report", action="create")
    assert [e.detail.split(" (")[0] for e in made] == [
        "made Progress report for Dr Hana Lee",
        "asked for Progress report for Dr Hana Lee",
    ]


@pytest.mark.django_db(transaction=True)
def test_it_holds_every_fact_of_the_course_for_the_physician(demo_course: Any) -> None:
    therapist = client_of(demo_course.therapist)
    therapist.post(f"/courses/{demo_course.pk}/report/")
    run_worker()
    report = Report.objects.get(kind="progress_report")

    download = therapist.get(f"/reports/{report.pk}/pdf/")

    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Cache-Control"] == "no-store"
    assert download["Content-Disposition"].startswith(
        'attachment; filename="progress-report-for-dr-hana-lee-demo-'
    )
    data = download.content
    keep_first_page(data, "progress-report")
    text = pdf_text(data)
    patient = demo_course.patient
    facts = [
        # Identity, clinic, therapist and the physician it is addressed to.
        patient.full_name,
        "12 April 1986",
        "Riverside Neuromuscular Therapy (demo)",
        "Maria Lopez (demo)",
        "To Dr Hana Lee (demo)",
        "Riverside Family Practice (demo)",
        "dr.lee@example.com",
        # Complaint and history.
        "Warehouse picker",
        "Complaint and history",
        # Red flags and clearances.
        "Red flags and clearances",
        # Pain maps drawn, with worst pain and extent.
        "Baseline and latest map",
        "worst pain 7/10",
        # Trigger points treated, sessions, techniques and live feedback.
        "Quadratus lumborum",
        "Session 1",
        "Session 2",
        "Pain (NPRS 0-10) before",
        # Outcome measures with MCID verdicts.
        "Outcome measures: baseline → latest",
        "Oswestry",
        "Review after session 2",
        # Aftercare answers and the signature block.
        "Aftercare check-in",
        "soreness",
        "With kind regards",
    ]
    missing = [fact for fact in facts if fact not in text]
    assert missing == [], text
    assert pdf_pages(data) == report.pages
    read = AuditEntry.objects.filter(subject="progress_report", action="read").get()
    assert read.actor == demo_course.therapist and "downloaded" in read.detail


@pytest.mark.django_db(transaction=True)
def test_it_mails_the_report_to_the_physician_when_the_therapist_chooses(
    demo_course: Any,
) -> None:
    therapist = client_of(demo_course.therapist)
    therapist.post(f"/courses/{demo_course.pk}/report/")
    run_worker()
    report = Report.objects.get(kind="progress_report")
    # Nothing goes to the physician until the therapist chooses.
    assert [m for m in mail.outbox if "dr.lee@example.com" in m.to] == []

    sent = therapist.post(f"/reports/{report.pk}/mail/")

    assert sent.status_code == 302
    (message,) = [m for m in mail.outbox if "dr.lee@example.com" in m.to]
    assert message.to == ["dr.lee@example.com"]
    (attachment,) = message.attachments
    assert attachment[2] == "application/pdf" and attachment[1].startswith(b"%PDF-")
    assert "Progress report" in message.subject and demo_course.patient.full_name in message.body
    entry = AuditEntry.objects.filter(subject="progress_report", detail__startswith="mailed").get()
    assert entry.detail == f"mailed {report.title} to dr.lee@example.com"


def test_the_api_answers_the_report_as_a_pdf(demo_course: Any) -> None:
    response = client_of(demo_course.therapist).get(f"/api/v1/courses/{demo_course.pk}/report")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    assert demo_course.patient.full_name in pdf_text(response.content)
    assert AuditEntry.objects.filter(subject="progress_report", detail__contains="via the API")


def test_the_patient_never_reads_the_letter_to_their_physician(demo_course: Any) -> None:
    from knotwork.demo import PATIENT_LOGIN

    response = client_of(demo_course.therapist).get(f"/api/v1/courses/{demo_course.pk}/report")
    assert response.status_code == 200
    report = Report.objects.get(kind="progress_report")
    patient = demo_course.patient.user
    assert patient is not None and patient.email == PATIENT_LOGIN[1]

    assert client_of(patient).get(f"/reports/{report.pk}/pdf/").status_code == 404
    assert client_of(patient).get(f"/api/v1/courses/{demo_course.pk}/report").status_code == 404
