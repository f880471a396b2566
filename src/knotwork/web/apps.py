from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "knotwork.web"
    label = "web"
