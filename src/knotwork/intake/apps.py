from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "knotwork.intake"
    label = "intake"
    verbose_name = "Intake, safety gate and outcome instruments"
