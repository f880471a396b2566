from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "knotwork.reports"
    label = "reports"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from knotwork.courses.signals import session_amended, session_signed
        from knotwork.reports.receivers import handout_on_amendment, handout_on_signing

        session_signed.connect(handout_on_signing, dispatch_uid="knotwork-reports-handout")
        session_amended.connect(handout_on_amendment, dispatch_uid="knotwork-reports-handout")
