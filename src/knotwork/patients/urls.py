"""The clinic dashboard, patient records, and a patient's own page."""

from django.urls import path

from knotwork.patients import views

urlpatterns = [
    path("patients/", views.dashboard, name="dashboard"),
    path("patients/new/", views.patient_new, name="patient_new"),
    path("patients/<int:patient_id>/", views.patient_detail, name="patient_detail"),
    path(
        "patients/<int:patient_id>/panels/<slug:panel>/",
        views.patient_panel,
        name="patient_panel",
    ),
    path("patients/<int:patient_id>/edit/", views.patient_edit, name="patient_edit"),
    path("patients/<int:patient_id>/invite/", views.patient_invite, name="patient_invite"),
    path(
        "patients/<int:patient_id>/login-code/",
        views.patient_login_code,
        name="patient_login_code",
    ),
    path("me/", views.my_record, name="my_record"),
]
