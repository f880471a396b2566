from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "knotwork.outbox"
    label = "outbox"
    verbose_name = "Outgoing mail"
