from django.apps import AppConfig


class FinderConfig(AppConfig):
    name = "knotwork.finder"
    label = "finder"
    verbose_name = "Trigger points to examine"
