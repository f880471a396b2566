from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "knotwork.live"
    label = "live"
    verbose_name = "Live pressure feedback"
