"""The FHIR downloads (the API operation is in api.py)."""

from django.urls import path

from knotwork.interop import views

urlpatterns = [
    path("me/record.fhir.json", views.my_record_fhir, name="my_record_fhir"),
    path(
        "patients/<int:patient_id>/record.fhir.json",
        views.patient_fhir_download,
        name="patient_fhir_download",
    ),
]
