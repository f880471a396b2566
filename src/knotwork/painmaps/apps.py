from django.apps import AppConfig


class PainmapsConfig(AppConfig):
    name = "knotwork.painmaps"
    label = "painmaps"
    verbose_name = "Pain maps"
