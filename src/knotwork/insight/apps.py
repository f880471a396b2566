from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "knotwork.insight"
    label = "insight"
    verbose_name = "Clinic insight"
