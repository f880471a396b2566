"""Pages of the intake app; included from knotwork/urls.py. Every name has an access-matrix row."""

from django.urls import path

from knotwork.intake.views import instruments, intake, safety

urlpatterns = [
    path("patients/<int:patient_id>/intake/", intake.intake_begin, name="intake_begin"),
    path("intake/<int:intake_id>/review/", intake.intake_review, name="intake_review"),
    path("intake/<int:intake_id>/done/", intake.intake_done, name="intake_done"),
    path("intake/<int:intake_id>/<slug:step>/", intake.intake_step, name="intake_step"),
    path("patients/<int:patient_id>/clearances/new/", safety.clearance_new, name="clearance_new"),
    path("clearances/<int:clearance_id>/letter/", safety.clearance_letter, name="clearance_letter"),
    path(
        "patients/<int:patient_id>/pre-session/",
        safety.pre_session_screen,
        name="pre_session_screen",
    ),
    path(
        "patients/<int:patient_id>/pre-session/<int:screen_id>/",
        safety.pre_session_result,
        name="pre_session_result",
    ),
    path("alerts/<int:alert_id>/acknowledge/", safety.alert_acknowledge, name="alert_acknowledge"),
    path(
        "patients/<int:patient_id>/questionnaires/send/",
        instruments.instrument_send,
        name="instrument_send",
    ),
    path(
        "questionnaires/<int:assignment_id>/",
        instruments.instrument_answer,
        name="instrument_answer",
    ),
    path("clinic/instrument-packs/", instruments.instrument_packs, name="instrument_packs"),
]
