from django.apps import AppConfig


class PatientsConfig(AppConfig):
    name = "knotwork.patients"
    label = "patients"
