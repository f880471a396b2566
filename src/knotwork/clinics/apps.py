from django.apps import AppConfig


class ClinicsConfig(AppConfig):
    name = "knotwork.clinics"
    label = "clinics"
