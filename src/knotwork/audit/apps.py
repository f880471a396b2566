from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "knotwork.audit"
    label = "audit"
