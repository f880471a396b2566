"""The document pages and downloads (the API operation is in api.py)."""

from django.urls import path

from knotwork.reports import views

urlpatterns = [
    path(
        "courses/<int:course_id>/report/",
        views.progress_report_new,
        name="progress_report_new",
    ),
    path(
        "patients/<int:patient_id>/clearance-request/",
        views.clearance_request_new,
        name="clearance_request_new",
    ),
    path(
        "patients/<int:patient_id>/documents/",
        views.patient_documents,
        name="patient_documents",
    ),
    path("reports/<int:report_id>/", views.report_detail, name="report_detail"),
    path("reports/<int:report_id>/status/", views.report_status, name="report_status"),
    path("reports/<int:report_id>/pdf/", views.report_pdf, name="report_pdf"),
    path("reports/<int:report_id>/mail/", views.report_mail, name="report_mail"),
    path("sessions/<int:session_id>/home-care.pdf", views.home_care_pdf, name="home_care_pdf"),
    path("pain-maps/<int:pain_map_id>/print.pdf", views.pain_map_pdf, name="pain_map_pdf"),
    path("me/record.pdf", views.my_record_pdf, name="my_record_pdf"),
]
